import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { encodeSigningTime, sortByDerEncoding } from './cades-attributes';

describe('signed attribute encoding', () => {
  it('orders attributes by their DER encodings, shorter ones first when lengths differ', () => {
    const attribute = (type: string, bytes: number) =>
      new pkijs.Attribute({ type, values: [new asn1js.OctetString({ valueHex: new Uint8Array(bytes) })] });
    const long = attribute('1.2.840.113549.1.9.4', 32);
    const short = attribute('1.2.840.113549.1.9.5', 1);
    const sameLengthLowerOid = attribute('1.2.840.113549.1.9.3', 1);
    expect(sortByDerEncoding([long, short, sameLengthLowerOid])).toEqual([sameLengthLowerOid, short, long]);
  });

  it('encodes signing time in whole seconds, UTCTime until 2049 and GeneralizedTime after', () => {
    const utc = encodeSigningTime(new Date('2049-12-31T23:59:59.999Z'));
    expect(utc).toBeInstanceOf(asn1js.UTCTime);
    expect(utc.toDate()).toEqual(new Date('2049-12-31T23:59:59Z'));
    expect(encodeSigningTime(new Date('2050-01-01T00:00:00Z'))).toBeInstanceOf(asn1js.GeneralizedTime);
    expect(encodeSigningTime(new Date('1949-12-31T23:59:59Z'))).toBeInstanceOf(asn1js.GeneralizedTime);
  });
});
