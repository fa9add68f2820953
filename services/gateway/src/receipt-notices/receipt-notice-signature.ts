import { createGostEngine, verifyDetached, VerificationResult } from '@tks/crypto';

// Qualified signatures are GOST; ECDSA and RSA verify through the same engine.
const engine = createGostEngine();

/**
 * Verifies the subscriber's detached CMS signature over the receipt notice's bytes, valid at
 * `at`: digest, signature, the ESS signing-certificate attribute and the certificate's dates.
 * Whose certificate it is, is subscribers/signer-authority.ts's question.
 */
export function verifyReceiptNoticeSignature(
  notice: Uint8Array,
  signature: Uint8Array,
  at: Date,
): Promise<VerificationResult> {
  return verifyDetached({ signature, content: notice, engine, atTime: at });
}

/** FNS classifier, as the signer answers for a declaration: 0100100004 the content was altered, 0100100000 otherwise. */
export const fnsCodeOf = (result: VerificationResult): '0100100004' | '0100100000' =>
  result.reason === 'CONTENT_DIGEST_MISMATCH' ? '0100100004' : '0100100000';
