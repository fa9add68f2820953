import * as x509 from '@peculiar/x509';
import { CertificateError } from './certificate-errors';
import { matchSubscriberIdentity } from './identity-match';
import { readQualifiedCertificate } from './qualified-certificate';
import { createTestAuthority, issueQualifiedCertificate } from './testing/test-ca';

describe('readQualifiedCertificate', () => {
  it('reads the Russian identity attributes and signing-tool extensions from DER and from PEM', async () => {
    const ca = await createTestAuthority();
    const issued = await issueQualifiedCertificate(ca, {
      subject: {
        commonName: 'ПАО Сбербанк',
        innLe: '7707083893',
        ogrn: '1027700132195',
        snils: '11223344595',
        inn: '770708389301',
      },
      subjectSignTool: 'СКЗИ "КриптоПро CSP"',
    });
    for (const input of [new Uint8Array(issued.rawData), issued.toString('pem')]) {
      const certificate = readQualifiedCertificate(input);
      expect(certificate.identity).toEqual({
        innLe: '7707083893',
        ogrn: '1027700132195',
        snils: '11223344595',
        inn: '770708389301',
      });
      expect(certificate.subjectSignTool).toBe('СКЗИ "КриптоПро CSP"');
      expect(certificate.issuerSignTools).toEqual(['CA tool', 'CA software', 'conformity 1', 'conformity 2']);
      expect(certificate.canSign).toBe(true);
      expect(certificate.certificateId).toMatch(/^[0-9a-f]{64}$/);
      expect(certificate.publicKeyAlgorithm).toBe('1.2.840.10045.2.1');
    }
  });

  it('refuses bytes that are not a certificate with TKS-CERTIFICATE-MALFORMED', () => {
    expect(() => readQualifiedCertificate(new Uint8Array([1, 2, 3]))).toThrow(CertificateError);
    expect(() =>
      readQualifiedCertificate('-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----'),
    ).toThrow(expect.objectContaining({ code: 'TKS-CERTIFICATE-MALFORMED' }));
  });

  it('says a key limited to key agreement cannot sign', async () => {
    const ca = await createTestAuthority();
    const issued = await issueQualifiedCertificate(ca, {
      subject: { commonName: 'x', innLe: '7707083893' },
      keyUsage: x509.KeyUsageFlags.keyAgreement,
    });
    expect(readQualifiedCertificate(new Uint8Array(issued.rawData)).canSign).toBe(false);
  });
});

describe('matchSubscriberIdentity', () => {
  const company = { kind: 'company' as const, inn: '7707083893', ogrn: '1027700132195' };

  it("accepts a company's certificate naming its INN as INNLE, or as the zero-padded legacy INN", () => {
    expect(matchSubscriberIdentity(company, { innLe: '7707083893', ogrn: '1027700132195' })).toEqual({
      ok: true,
    });
    expect(matchSubscriberIdentity(company, { inn: '007707083893' })).toEqual({ ok: true });
  });

  it('refuses a certificate of another company or with another OGRN', () => {
    expect(matchSubscriberIdentity(company, { innLe: '7736050003' }).ok).toBe(false);
    expect(matchSubscriberIdentity(company, { innLe: '7707083893', ogrn: '1027739609391' }).ok).toBe(false);
  });

  it("matches a person's 12-digit INN and an entrepreneur's OGRNIP", () => {
    const person = { kind: 'person' as const, inn: '500100732259' };
    expect(matchSubscriberIdentity(person, { inn: '500100732259', snils: '11223344595' })).toEqual({
      ok: true,
    });
    expect(matchSubscriberIdentity(person, { inn: '500100732260' }).ok).toBe(false);
    const entrepreneur = { kind: 'entrepreneur' as const, inn: '500100732259', ogrn: '304500116000157' };
    expect(matchSubscriberIdentity(entrepreneur, { inn: '500100732259', ogrnip: '304500116000221' }).ok).toBe(
      false,
    );
  });
});
