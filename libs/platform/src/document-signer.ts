import { SignatureInfo } from '@tks/contracts';
import {
  DetachedContent,
  CmsEngine,
  describeCertificate,
  HashAlgorithmName,
  isHashAlgorithmName,
  keyBoundHash,
  signDetached,
  SigningIdentity,
} from '@tks/crypto';
import { signingSeconds } from './observability/signing-metrics';

/** Signs documents with one key: detached CAdES-BES, on a token or with a key file. */
export interface DocumentSigner {
  /** Where the key is (`pkcs11:<label>` or `file:<key file>`), as the signer records it. */
  readonly keyLabel: string;
  /** `signingTime` lets a caller write the same instant into the document and its signature. */
  /** The content, or a stream of it (a declaration the tax office echoes, of any size). */
  sign(content: DetachedContent, signingTime?: Date): Promise<{ signature: Buffer; info: SignatureInfo }>;
}

/**
 * A signer over an identity loaded at start. The digest follows the key: Streebog of the key's
 * length for GOST R 34.10-2012 keys, SHA-256 for ECDSA and RSA.
 */
export class IdentityDocumentSigner implements DocumentSigner {
  private readonly hash: HashAlgorithmName;

  constructor(
    readonly keyLabel: string,
    private readonly identity: SigningIdentity,
    private readonly engine: CmsEngine,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const bound = keyBoundHash(identity.privateKey);
    this.hash = bound !== undefined && isHashAlgorithmName(bound) ? bound : 'SHA-256';
  }

  /** What the key signs with, e.g. "GOST R 34.10-2012-256 with GOST R 34.11-2012-256". */
  get algorithm(): string {
    const algorithm: { name: string; namedCurve?: string } = this.identity.privateKey.algorithm;
    return algorithm.namedCurve
      ? `${algorithm.name} ${algorithm.namedCurve} with ${this.hash}`
      : `${algorithm.name} with ${this.hash}`;
  }

  get certificateSubject(): string {
    return describeCertificate(this.identity.certificate).subject;
  }

  async sign(
    content: DetachedContent,
    signingTime = this.clock(),
  ): Promise<{ signature: Buffer; info: SignatureInfo }> {
    const stopTimer = signingSeconds.startTimer({ key: this.keyLabel });
    const signature = await signDetached({
      content,
      certificate: this.identity.certificateDer,
      privateKey: this.identity.privateKey,
      engine: this.engine,
      signingTime,
      hash: this.hash,
    });
    stopTimer();
    const summary = describeCertificate(this.identity.certificate);
    return {
      signature,
      info: {
        algorithm: this.algorithm,
        signerSubject: summary.subject,
        signerSerialNumber: summary.serialNumber,
        signingTime: signingTime.toISOString(),
      },
    };
  }
}
