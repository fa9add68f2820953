import * as pkijs from 'pkijs';
import { encodeSignedData, tlv } from './cms-writer';
import { OID } from './oids';
import { createTestCa } from './testing/test-pki';

describe('encodeSignedData', () => {
  it('encodes lengths in the short and long forms of X.690 §8.1.3', () => {
    expect(tlv(0x04, Buffer.alloc(3)).subarray(0, 2)).toEqual(Buffer.from([0x04, 0x03]));
    expect(tlv(0x04, Buffer.alloc(0x80)).subarray(0, 3)).toEqual(Buffer.from([0x04, 0x81, 0x80]));
    expect(tlv(0x04, Buffer.alloc(0x1234)).subarray(0, 4)).toEqual(Buffer.from([0x04, 0x82, 0x12, 0x34]));
  });

  it('writes the same DER as PKI.js, with the certificate bytes as issued', async () => {
    const ca = await createTestCa();
    const certificate = pkijs.Certificate.fromBER(ca.der);
    const fields = () => ({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      signerInfos: [],
    });
    const ours = encodeSignedData(new pkijs.SignedData(fields()), [ca.der]);
    const theirs = new pkijs.ContentInfo({
      contentType: OID.signedData,
      content: new pkijs.SignedData({ ...fields(), certificates: [certificate] }).toSchema(),
    });
    expect(ours).toEqual(Buffer.from(theirs.toSchema().toBER(false)));
    expect(ours.includes(Buffer.from(ca.der))).toBe(true);
  });

  it('refuses a SignedData that already carries certificates', async () => {
    const ca = await createTestCa();
    const signedData = new pkijs.SignedData({
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      certificates: [pkijs.Certificate.fromBER(ca.der)],
    });
    expect(() => encodeSignedData(signedData, [ca.der])).toThrow(RangeError);
  });
});
