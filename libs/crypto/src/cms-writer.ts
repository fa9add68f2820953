import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids';

/**
 * Encodes ContentInfo(SignedData) with the signer's certificates inserted as the bytes they were
 * issued with. PKI.js would rebuild each certificate from its parsed fields, which costs about as much
 * as the rest of the signature (see bench/signer-throughput.ts) and, for a certificate that was not
 * strictly DER, would embed bytes other than those signing-certificate-v2 hashed.
 *
 * RFC 5652 §5.1: SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo,
 * certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] OPTIONAL, signerInfos }.
 */
export function encodeSignedData(signedData: pkijs.SignedData, certificates: readonly Uint8Array[]): Buffer {
  if (signedData.certificates?.length || signedData.crls?.length) {
    throw new RangeError('encodeSignedData adds the certificates itself; the SignedData must have none');
  }
  const schema: asn1js.Sequence = signedData.toSchema();
  const fields = schema.valueBlock.value.map((field) => Buffer.from(field.toBER(false)));
  const [version, digestAlgorithms, encapContentInfo, signerInfos] = fields;
  if (fields.length !== 4) throw new RangeError(`SignedData has ${fields.length} fields, expected 4`);
  const certificateSet = tlv(0xa0, Buffer.concat(certificates.map((der) => Buffer.from(der))));
  const body = tlv(
    0x30,
    Buffer.concat([version, digestAlgorithms, encapContentInfo, certificateSet, signerInfos]),
  );
  const contentType = Buffer.from(new asn1js.ObjectIdentifier({ value: OID.signedData }).toBER(false));
  return tlv(0x30, Buffer.concat([contentType, tlv(0xa0, body)]));
}

/** X.690 §8.1: identifier, definite length (short or long form), contents. */
export function tlv(tag: number, contents: Buffer): Buffer {
  const length = contents.length;
  let header: Buffer;
  if (length < 0x80) {
    header = Buffer.from([tag, length]);
  } else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, contents]);
}
