/**
 * Object identifiers of the CMS and CAdES structures this library writes and reads, kept in one place
 * so that a reader can check them against the RFCs cited beside each.
 */
export const OID = {
  /** RFC 5652 §4: id-data, the content type of an opaque file such as a declaration. */
  data: '1.2.840.113549.1.7.1',
  /** RFC 5652 §5.1: id-signedData. */
  signedData: '1.2.840.113549.1.7.2',
  /** RFC 5652 §11.1: content-type signed attribute. */
  contentType: '1.2.840.113549.1.9.3',
  /** RFC 5652 §11.2: message-digest signed attribute. */
  messageDigest: '1.2.840.113549.1.9.4',
  /** RFC 5652 §11.3: signing-time signed attribute. */
  signingTime: '1.2.840.113549.1.9.5',
  /** RFC 2634 §5.4: ESS signing-certificate (SHA-1 only); read for interoperability, never written. */
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  /** RFC 5035 §3: ESS signing-certificate-v2, required by CAdES-BES (ETSI EN 319 122-1 §5.2.2). */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** RFC 8017 appendix A: rsaEncryption, which OpenSSL writes as a SignerInfo's signature algorithm. */
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;
