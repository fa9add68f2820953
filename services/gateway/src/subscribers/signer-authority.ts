import type { CertificateState } from '@tks/contracts';
import { signerCertificates } from '@tks/certificates';
import { certificateUsability } from './certificate-usability';

export type SignerAuthority = { ok: true; certificateIds: string[] } | { ok: false; detail: string };

/**
 * Whether every signer of a client's detached CMS signature is one of the subscriber's usable
 * certificates (issue 5, "Authority"), by certificate id = SHA-256 of the DER. It reads whose
 * certificates the signature names; whether the signature verifies is a separate check.
 */
export function signerAuthority(
  signature: Uint8Array,
  certificates: readonly CertificateState[],
  now: Date,
): SignerAuthority {
  const signers = signerCertificates(signature);
  if (!signers.ok) return { ok: false, detail: signers.message };
  const usable = new Set(
    certificates.filter((c) => certificateUsability(c, now).usable).map((c) => c.certificateId),
  );
  const foreign = signers.certificates.find((c) => !usable.has(c.certificateId));
  if (foreign) {
    return {
      ok: false,
      detail: `the signature was made with certificate ${foreign.certificateId}, not a usable certificate of the subscriber`,
    };
  }
  return { ok: true, certificateIds: signers.certificates.map((c) => c.certificateId) };
}
