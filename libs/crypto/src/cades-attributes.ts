import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids';

export interface CadesBesAttributes {
  readonly messageDigest: Uint8Array;
  readonly signingTime: Date;
  readonly signingCertificateV2: pkijs.Attribute;
}

/**
 * The signed attributes of a CAdES-BES signature (ETSI EN 319 122-1 §5.2): content-type, message-digest,
 * signing-time and signing-certificate-v2, in DER order.
 *
 * The order matters: signed attributes are a DER SET OF (RFC 5652 §5.4), whose elements must be sorted
 * by their encodings (X.690 §11.6). PKI.js encodes them in array order, while OpenSSL and CryptoPro
 * re-encode the set sorted before checking the signature, so an unsorted set fails there.
 */
export function cadesBesSignedAttributes(attributes: CadesBesAttributes): pkijs.Attribute[] {
  const list = [
    new pkijs.Attribute({
      type: OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: OID.data })],
    }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: attributes.messageDigest })],
    }),
    new pkijs.Attribute({ type: OID.signingTime, values: [encodeSigningTime(attributes.signingTime)] }),
    attributes.signingCertificateV2,
  ];
  return sortByDerEncoding(list);
}

/** RFC 5652 §11.3: UTCTime for the years 1950–2049, GeneralizedTime otherwise; whole seconds. */
export function encodeSigningTime(time: Date): asn1js.UTCTime | asn1js.GeneralizedTime {
  const valueDate = new Date(Math.floor(time.getTime() / 1000) * 1000);
  const year = valueDate.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? new asn1js.UTCTime({ valueDate })
    : new asn1js.GeneralizedTime({ valueDate });
}

export function sortByDerEncoding(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  return attributes
    .map((attribute) => ({ attribute, der: new Uint8Array(attribute.toSchema().toBER(false)) }))
    .sort((a, b) => compareDer(a.der, b.der))
    .map(({ attribute }) => attribute);
}

/** X.690 §11.6: octet-wise comparison, the shorter encoding padded with trailing zero octets. */
function compareDer(a: Uint8Array, b: Uint8Array): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
