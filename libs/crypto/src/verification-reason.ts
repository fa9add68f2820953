/**
 * Why a signature verified or not: the one table of reasons of this library. The number is stable and
 * stored with the verification; the name is for code and logs. Checks run in table order, and the
 * first failing check is the reason (so a swapped certificate with another key is SIGNATURE_INVALID,
 * one with the same key is SIGNING_CERT_ATTR_MISMATCH).
 *
 * | code | reason                     | meaning                                                                         |
 * |-----:|----------------------------|---------------------------------------------------------------------------------|
 * |    0 | VALID                      | every check below passed                                                        |
 * |    1 | MALFORMED_CMS              | not a ContentInfo(SignedData), not detached, no signer at the index, or signed  |
 * |      |                            | attributes missing/malformed (content-type, message-digest, signing-time, ESS)  |
 * |    2 | UNSUPPORTED_ALGORITHM      | the engine does not know the digest algorithm, or a precomputed digest was made |
 * |      |                            | with another one                                                                |
 * |    3 | SIGNER_CERT_MISSING        | no embedded certificate matches the SignerInfo's sid                            |
 * |    4 | CONTENT_DIGEST_MISMATCH    | the content's digest differs from message-digest: the content was altered       |
 * |    5 | SIGNATURE_INVALID          | the signature over the signed attributes does not verify with the signer's key  |
 * |    6 | SIGNING_CERT_ATTR_MISSING  | neither signing-certificate-v2 nor signing-certificate: not CAdES-BES           |
 * |    7 | SIGNING_CERT_ATTR_MISMATCH | the ESS certHash (recomputed here) or issuerSerial differs from the certificate |
 * |    8 | CERT_NOT_YET_VALID         | signing time or atTime is before the certificate's notBefore                    |
 * |    9 | CERT_EXPIRED               | signing time or atTime is after the certificate's notAfter                      |
 * |   10 | CERT_UNTRUSTED             | trusted certificates were given and no valid chain reaches one of them          |
 *
 * Revocation is not checked yet (no CRL/OCSP source); it will be a reason of its own.
 */
export const VERIFICATION_REASONS = {
  VALID: 0,
  MALFORMED_CMS: 1,
  UNSUPPORTED_ALGORITHM: 2,
  SIGNER_CERT_MISSING: 3,
  CONTENT_DIGEST_MISMATCH: 4,
  SIGNATURE_INVALID: 5,
  SIGNING_CERT_ATTR_MISSING: 6,
  SIGNING_CERT_ATTR_MISMATCH: 7,
  CERT_NOT_YET_VALID: 8,
  CERT_EXPIRED: 9,
  CERT_UNTRUSTED: 10,
} as const;

export type VerificationReason = keyof typeof VERIFICATION_REASONS;
export type VerificationReasonCode = (typeof VERIFICATION_REASONS)[VerificationReason];
