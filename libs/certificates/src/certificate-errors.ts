/**
 * Why a certificate cannot be bound to a subscriber. Codes are stable and listed in
 * docs/errors.md ("Certificates").
 */
export const CertificateErrorCode = {
  malformed: 'TKS-CERTIFICATE-MALFORMED',
  identityMismatch: 'TKS-CERTIFICATE-IDENTITY-MISMATCH',
  keyUsage: 'TKS-CERTIFICATE-KEY-USAGE',
} as const;
export type CertificateErrorCode = (typeof CertificateErrorCode)[keyof typeof CertificateErrorCode];

export class CertificateError extends Error {
  constructor(
    readonly code: CertificateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CertificateError';
  }
}
