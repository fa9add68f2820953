import { SignatureVerification } from '@tks/contracts';
import {
  CertificateInput,
  createGostEngine,
  DetachedContent,
  VerificationResult,
  verifyDetached,
} from '@tks/crypto';
import type { ClientTrustList } from './client-trust-list';

/** FNS classifier: 0100100004 the signature does not match the document, 0100100000 otherwise. */
export function fnsCodeOf(result: VerificationResult): string {
  return result.reason === 'CONTENT_DIGEST_MISMATCH' ? '0100100004' : '0100100000';
}

/**
 * Checks the signature a client made over its own declaration: digest, signature, the ESS
 * signing-certificate attribute, the certificate's validity at signing time and at submission, its
 * chain when trust anchors are configured, and (issue 17, by default: CLIENT_TRUST_DIRS) its chain
 * and revocation against the trusted CAs and their CRLs at submission. Whether the certificate
 * belongs to the subscriber is the registry's knowledge, which this event does not carry.
 */
export class ClientSignatureVerifier {
  // Qualified signatures are GOST; ECDSA and RSA verify through the same engine.
  private readonly engine = createGostEngine();

  constructor(
    private readonly trustAnchors?: readonly CertificateInput[],
    private readonly trustList?: Pick<ClientTrustList, 'status'>,
  ) {}

  async verify(
    declaration: DetachedContent,
    signature: Buffer,
    submittedAt: Date,
  ): Promise<{ result: VerificationResult; verification: SignatureVerification }> {
    const verified = await verifyDetached({
      signature,
      content: declaration,
      engine: this.engine,
      atTime: submittedAt,
      trustedCertificates: this.trustAnchors,
    });
    const result = await this.checkStatus(verified, submittedAt);
    return {
      result,
      verification: {
        valid: result.valid,
        code: result.code,
        reason: result.reason,
        detail: result.detail,
        signerSubject: result.signer?.subject,
        signerSerialNumber: result.signer?.serialNumber,
        algorithm: result.algorithm && `${result.algorithm.signature} with ${result.algorithm.digest}`,
        signingTime: result.signingTime?.toISOString(),
        verifiedAt: new Date().toISOString(),
      },
    };
  }

  /** A signature that verifies is still refused when its certificate is revoked or chains to no trusted CA. */
  private async checkStatus(result: VerificationResult, at: Date): Promise<VerificationResult> {
    if (!result.valid || !this.trustList || !result.certificate) return result;
    const verdict = await this.trustList.status(result.certificate, at);
    if (verdict.status === 'valid') return result;
    return {
      ...result,
      valid: false,
      reason: 'CERT_UNTRUSTED',
      code: 10,
      detail: `the signer's certificate is ${verdict.status}${verdict.detail ? `: ${verdict.detail}` : ''}`,
    };
  }
}
