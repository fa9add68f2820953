import { SignatureVerification } from '@tks/contracts';
import { CertificateInput, createGostEngine, VerificationResult, verifyDetached } from '@tks/crypto';

/** FNS classifier: 0100100004 the signature does not match the document, 0100100000 otherwise. */
export function fnsCodeOf(result: VerificationResult): string {
  return result.reason === 'CONTENT_DIGEST_MISMATCH' ? '0100100004' : '0100100000';
}

/**
 * Checks the signature a client made over its own declaration: digest, signature, the ESS
 * signing-certificate attribute, the certificate's validity at signing time and at submission, and
 * its chain when trust anchors are configured. Whether the certificate belongs to the subscriber and
 * was not revoked at signing time is the registry's knowledge, which this event does not carry.
 */
export class ClientSignatureVerifier {
  // Qualified signatures are GOST; ECDSA and RSA verify through the same engine.
  private readonly engine = createGostEngine();

  constructor(private readonly trustAnchors?: readonly CertificateInput[]) {}

  async verify(
    declaration: Buffer,
    signature: Buffer,
    submittedAt: Date,
  ): Promise<{ result: VerificationResult; verification: SignatureVerification }> {
    const result = await verifyDetached({
      signature,
      content: declaration,
      engine: this.engine,
      atTime: submittedAt,
      trustedCertificates: this.trustAnchors,
    });
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
}
