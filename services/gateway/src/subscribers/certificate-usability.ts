// The rule is shared with the signer (which picks a subscriber's cloud key by it), so it lives in
// libs/certificates; the gateway's callers keep importing it from here.
export { certificateUsability, missingCertificate } from '@tks/certificates';
export type { CertificateUsability } from '@tks/certificates';
