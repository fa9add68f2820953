import * as pkijs from 'pkijs';
import { CmsEngine } from './cms-engine';
import { cadesBesSignedAttributes } from './cades-attributes';
import { CertificateInput, readCertificate } from './certificate';
import { DetachedContent, isContentDigest } from './content-digest';
import { CryptoError } from './errors';
import { HashAlgorithmName, hashAlgorithmInfo } from './hash-algorithm';
import { OID } from './oids';
import { keyBoundHash, SigningKey } from './signing-key';
import { signingCertificateV2Attribute } from './signing-certificate';

export interface SignDetachedParams {
  /** The content to sign, or its digest computed beforehand (see digestStream) for large files. */
  readonly content: DetachedContent;
  /** The signer's certificate; it is embedded in the CMS and hashed into signing-certificate-v2. */
  readonly certificate: CertificateInput;
  /** ECDSA or RSASSA-PKCS1-v1_5 key, in software or on a token; it must match the certificate. */
  readonly privateKey: SigningKey;
  /** Performs every cryptographic operation, so the same code signs on a token, in software or in GOST. */
  readonly engine: CmsEngine;
  /** Written as the signing-time attribute; passed in so callers (and tests) own the clock. */
  readonly signingTime: Date;
  readonly hash?: HashAlgorithmName;
}

/**
 * Creates a detached CAdES-BES signature: a DER ContentInfo(SignedData) without eContent, with the
 * signer's certificate, a SignerInfo identified by issuer and serial number, and the signed
 * attributes content-type, message-digest, signing-time and signing-certificate-v2.
 */
export async function signDetached(params: SignDetachedParams): Promise<Buffer> {
  const hash = params.hash ?? 'SHA-256';
  const { engine, privateKey } = params;
  const signer = readCertificate(params.certificate);
  const boundHash = keyBoundHash(privateKey);
  if (boundHash !== undefined && boundHash.toUpperCase() !== hash) {
    // PKI.js would sign with the key's own hash and leave digestAlgorithm saying another one.
    throw new CryptoError(
      'UNSUPPORTED_KEY_ALGORITHM',
      `Key is bound to ${boundHash}, signature asks for ${hash}`,
    );
  }

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: signer.certificate.issuer,
      serialNumber: signer.certificate.serialNumber,
    }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: cadesBesSignedAttributes({
        messageDigest: await messageDigest(params.content, hash, engine),
        signingTime: params.signingTime,
        signingCertificateV2: await signingCertificateV2Attribute(signer, hash, engine),
      }),
    }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [signerInfo],
    certificates: [signer.certificate],
  });
  // With signed attributes present PKI.js signs their DER and ignores the data argument.
  await signedData.sign(privateKey, 0, hash, undefined, engine);

  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema() });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}

async function messageDigest(
  content: DetachedContent,
  hash: HashAlgorithmName,
  engine: CmsEngine,
): Promise<Uint8Array> {
  if (!isContentDigest(content)) {
    return new Uint8Array(await engine.digest({ name: hash }, content));
  }
  if (content.hash !== hash || content.digest.byteLength !== hashAlgorithmInfo(hash).length) {
    throw new RangeError(`Precomputed digest is not a ${hash} digest`);
  }
  return content.digest;
}
