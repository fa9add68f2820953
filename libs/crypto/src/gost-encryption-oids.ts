/**
 * Object identifiers of GOST CMS encryption, each checked against the names OpenSSL's GOST engine
 * gives them (`openssl asn1parse -genstr OID:…`).
 */
export const GOST_ENCRYPTION_OID = {
  /** RFC 5652 §6.1: id-envelopedData. */
  envelopedData: '1.2.840.113549.1.7.3',
  /** RFC 5652 §4: id-data. */
  data: '1.2.840.113549.1.7.1',
  /** TC26 arc: id-tc26-cipher-gostr3412-2015-kuznyechik-ctracpkm. */
  kuznyechikCtrAcpkm: '1.2.643.7.1.1.5.2.1',
  /** id-tc26-cipher-gostr3412-2015-magma-ctracpkm. */
  magmaCtrAcpkm: '1.2.643.7.1.1.5.1.1',
  /** id-tc26-wrap-gostr3412-2015-kuznyechik-kexp15. */
  kuznyechikKexp15: '1.2.643.7.1.1.7.2.1',
  /** id-tc26-wrap-gostr3412-2015-magma-kexp15. */
  magmaKexp15: '1.2.643.7.1.1.7.1.1',
  /** id-tc26-agreement-gost-3410-2012-256 / -512: the KEG of a 256- or 512-bit key. */
  agreement256: '1.2.643.7.1.1.6.1',
  agreement512: '1.2.643.7.1.1.6.2',
} as const;
