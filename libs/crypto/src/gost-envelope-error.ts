/**
 * Errors of GOST CMS encryption carry a stable code (CONVENTIONS: "domain errors carry a stable code").
 * Messages never contain key material.
 */
export type GostEnvelopeErrorCode =
  /** The input is not CMS EnvelopedData, or a GOST structure inside it does not parse. */
  | 'ENVELOPE_MALFORMED'
  /** No recipient info names the given certificate. */
  | 'RECIPIENT_NOT_FOUND'
  /** The certificate's key is not GOST R 34.10-2012 (256 or 512) with a known parameter set. */
  | 'UNSUPPORTED_RECIPIENT_KEY'
  /** A content cipher or key transport this library does not implement. */
  | 'UNSUPPORTED_ALGORITHM'
  /** The key transport's MAC does not match: the wrong private key, or an altered envelope. */
  | 'KEY_UNWRAP_FAILED';

export class GostEnvelopeError extends Error {
  constructor(
    readonly code: GostEnvelopeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
