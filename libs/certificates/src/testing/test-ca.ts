import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';
import { RussianOid } from '../russian-oids';

/**
 * A local test CA made in code (CONVENTIONS: fixtures are generated), issuing qualified-looking
 * certificates with the Russian identity attributes, and CRLs. Patterns follow
 * libs/crypto/src/testing/test-pki.ts. Not exported from the library's index.
 */
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const crypto = webcrypto;
const DAY_MS = 24 * 3600 * 1000;

export interface TestAuthority {
  readonly keys: webcrypto.CryptoKeyPair;
  readonly certificate: x509.X509Certificate;
  readonly pem: string;
}

export interface QualifiedSubject {
  commonName: string;
  inn?: string;
  innLe?: string;
  ogrn?: string;
  snils?: string;
  ogrnip?: string;
}

export interface IssueOptions {
  subject: QualifiedSubject;
  notBefore?: Date;
  notAfter?: Date;
  serialNumber?: string;
  keyUsage?: number;
  subjectSignTool?: string;
}

const generateKeys = () =>
  crypto.subtle.generateKey(ECDSA, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;

export async function createTestAuthority(
  name = 'CN=TKS Test Qualified CA, O=TKS, C=RU',
): Promise<TestAuthority> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name,
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2045-01-01T00:00:00Z'),
      keys,
      signingAlgorithm: ECDSA,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { keys, certificate, pem: certificate.toString('pem') };
}

function subjectName(subject: QualifiedSubject): x509.JsonName {
  const name: x509.JsonName = [{ CN: [subject.commonName] }, { C: ['RU'] }];
  const add = (oid: string, value?: string) => value && name.push({ [oid]: [value] });
  add(RussianOid.inn, subject.inn);
  add(RussianOid.innLe, subject.innLe);
  add(RussianOid.ogrn, subject.ogrn);
  add(RussianOid.snils, subject.snils);
  add(RussianOid.ogrnip, subject.ogrnip);
  return name;
}

export async function issueQualifiedCertificate(
  ca: TestAuthority,
  options: IssueOptions,
): Promise<x509.X509Certificate> {
  const keys = await generateKeys();
  const issuerTools = new asn1js.Sequence({
    value: ['CA tool', 'CA software', 'conformity 1', 'conformity 2'].map(
      (v) => new asn1js.Utf8String({ value: v }),
    ),
  });
  return x509.X509CertificateGenerator.create(
    {
      serialNumber:
        options.serialNumber ??
        Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
          .toString('hex')
          .replace(/^[89a-f]/, '1'),
      subject: subjectName(options.subject),
      issuer: ca.certificate.subjectName,
      notBefore: options.notBefore ?? new Date(Date.now() - DAY_MS),
      notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY_MS),
      publicKey: keys.publicKey,
      signingKey: ca.keys.privateKey,
      signingAlgorithm: ECDSA,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          options.keyUsage ?? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
        await x509.AuthorityKeyIdentifierExtension.create(ca.certificate, false, crypto),
        new x509.Extension(
          RussianOid.subjectSignTool,
          false,
          new asn1js.Utf8String({ value: options.subjectSignTool ?? 'СКЗИ "Тест"' }).toBER(false),
        ),
        new x509.Extension(RussianOid.issuerSignTools, false, issuerTools.toBER(false)),
      ],
    },
    crypto,
  );
}

/** A CRL of the test CA revoking the given certificates; nextUpdate in the past makes it stale. */
export async function issueCrl(
  ca: TestAuthority,
  revoked: x509.X509Certificate[],
  options: { thisUpdate?: Date; nextUpdate?: Date } = {},
): Promise<x509.X509Crl> {
  return x509.X509CrlGenerator.create(
    {
      issuer: ca.certificate.subjectName,
      thisUpdate: options.thisUpdate ?? new Date(Date.now() - DAY_MS),
      nextUpdate: options.nextUpdate ?? new Date(Date.now() + 7 * DAY_MS),
      signingAlgorithm: ECDSA,
      signingKey: ca.keys.privateKey,
      entries: revoked.map((c) => ({
        serialNumber: derSerialHex(c.serialNumber),
        revocationDate: new Date(Date.now() - 3600_000),
        reason: x509.X509CrlReason.keyCompromise,
      })),
    },
    crypto,
  );
}

export const days = (n: number, from = new Date()) => new Date(from.getTime() + n * DAY_MS);

/**
 * The serial number as its DER INTEGER content: the certificate reports it without the sign
 * byte, while the CRL generator writes the hex it is given as is, so a serial with its high bit
 * set would be listed as a negative number that findRevoked never matches.
 */
function derSerialHex(serial: string): string {
  return /^[89a-f]/i.test(serial) ? `00${serial}` : serial;
}
