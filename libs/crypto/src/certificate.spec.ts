import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  certificateValidityAt,
  derToPem,
  describeCertificate,
  formatName,
  parseCertificateBundle,
  readCertificate,
} from './certificate';
import { CryptoError } from './errors';
import {
  createTestCa,
  issueCertificate,
  TestIdentity,
  VALIDITY_END,
  VALIDITY_START,
} from './testing/test-pki';

function name(attributes: Array<[string, asn1js.AsnType]>): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: attributes.map(
      ([type, value]) => new pkijs.AttributeTypeAndValue({ type, value: value as pkijs.AttributeValueType }),
    ),
  });
}

describe('certificate helpers', () => {
  let ca: TestIdentity;
  let signer: TestIdentity;

  beforeAll(async () => {
    ca = await createTestCa();
    signer = await issueCertificate(ca, { subject: 'CN=Signer, O=TKS, C=RU', serialNumber: '80ab' });
  });

  it('reads DER and PEM to the same certificate and keeps the issued bytes', () => {
    const fromDer = readCertificate(signer.der);
    const fromPem = readCertificate(derToPem(signer.der, 'CERTIFICATE'));
    expect(Buffer.from(fromPem.der).equals(Buffer.from(signer.der))).toBe(true);
    expect(Buffer.from(readCertificate(fromDer.certificate).der).equals(Buffer.from(signer.der))).toBe(true);
  });

  it('reads every certificate of a PEM bundle', () => {
    const bundle = derToPem(ca.der, 'CERTIFICATE') + derToPem(signer.der, 'CERTIFICATE');
    expect(
      parseCertificateBundle(bundle).map((certificate) => describeCertificate(certificate).subject),
    ).toEqual(['CN=TKS Unit Test CA, O=TKS, C=RU', 'CN=Signer, O=TKS, C=RU']);
  });

  it('refuses bytes that are not a certificate with CERTIFICATE_MALFORMED', () => {
    expect(() => readCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toThrow(CryptoError);
    expect(() => readCertificate('no pem here')).toThrow(
      expect.objectContaining({ code: 'CERTIFICATE_MALFORMED' }),
    );
  });

  it('prints the serial number as OpenSSL does, without the DER sign byte', () => {
    expect(describeCertificate(readCertificate(signer.der).certificate).serialNumber).toBe('80AB');
  });

  it('prints Russian identity attributes by name and escapes RFC 4514 specials', () => {
    const formatted = formatName(
      name([
        ['1.2.643.3.131.1.1', new asn1js.NumericString({ value: '007707083893' })],
        ['1.2.643.100.1', new asn1js.NumericString({ value: '1027700132195' })],
        ['1.2.643.100.3', new asn1js.NumericString({ value: '11223344595' })],
        ['2.5.4.10', new asn1js.Utf8String({ value: 'ООО "Ромашка", филиал' })],
        ['2.5.4.3', new asn1js.Utf8String({ value: 'Иванов Иван' })],
        ['1.2.3.4', new asn1js.Utf8String({ value: 'x' })],
      ]),
    );
    expect(formatted).toBe(
      'INN=007707083893, OGRN=1027700132195, SNILS=11223344595, O=ООО \\"Ромашка\\"\\, филиал, CN=Иванов Иван, 1.2.3.4=x',
    );
  });

  it('counts notBefore and notAfter themselves as valid (RFC 5280 §4.1.2.5)', () => {
    const { certificate } = readCertificate(signer.der);
    expect(certificateValidityAt(certificate, VALIDITY_START)).toBe('VALID');
    expect(certificateValidityAt(certificate, VALIDITY_END)).toBe('VALID');
    expect(certificateValidityAt(certificate, new Date(VALIDITY_START.getTime() - 1000))).toBe(
      'NOT_YET_VALID',
    );
    expect(certificateValidityAt(certificate, new Date(VALIDITY_END.getTime() + 1000))).toBe('EXPIRED');
  });
});
