import {
  describeCertificate,
  isHashAlgorithmName,
  keyBoundHash,
  signDetached,
  SoftwareSigningProvider,
} from '@tks/crypto';

export interface FileSigner {
  /** The signer's certificate subject, for what the command prints. */
  readonly subject: string;
  sign(content: Buffer): Promise<Buffer>;
}

/**
 * Detached CAdES-BES signatures with a key file and its certificate (PEM or DER): GOST R
 * 34.10-2012, ECDSA or RSA, as libs/crypto's software provider reads them. A GOST key signs with
 * Streebog of its own length (the hash it is bound to), the others with SHA-256.
 */
export async function fileSigner(privateKeyFile: string, certificateFile: string): Promise<FileSigner> {
  const provider = await SoftwareSigningProvider.fromFiles([
    { label: 'subscriber', privateKeyFile, certificateFile },
  ]);
  const identity = await provider.findSigningIdentity('subscriber');
  const bound = keyBoundHash(identity.privateKey);
  const hash = bound !== undefined && isHashAlgorithmName(bound) ? bound : 'SHA-256';
  return {
    subject: describeCertificate(identity.certificate).subject,
    sign: (content) =>
      signDetached({
        content,
        certificate: identity.certificateDer,
        privateKey: identity.privateKey,
        engine: provider.engine,
        signingTime: new Date(),
        hash,
      }),
  };
}
