import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * Certificates made in code for unit tests (CONVENTIONS: fixtures are generated, not binary blobs).
 * Not exported from the library's index.
 */
export type KeyKind = 'ECDSA' | 'RSA';

export interface TestKeyPair {
  readonly privateKey: webcrypto.CryptoKey;
  readonly publicKey: webcrypto.CryptoKey;
}

export interface TestIdentity {
  readonly keys: TestKeyPair;
  readonly certificate: x509.X509Certificate;
  /** The certificate as issued (DER). */
  readonly der: Uint8Array;
}

export interface IssueOptions {
  readonly subject: string;
  readonly serialNumber?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Reuse a key pair, e.g. to issue a second certificate for the same key. */
  readonly keys?: TestKeyPair;
  readonly kind?: KeyKind;
}

export const VALIDITY_START = new Date('2024-01-01T00:00:00Z');
export const VALIDITY_END = new Date('2026-01-01T00:00:00Z');
/** A moment inside the default validity period, used as the injected signing clock. */
export const SIGNING_TIME = new Date('2025-03-14T09:26:53Z');

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

export async function generateKeys(kind: KeyKind = 'ECDSA'): Promise<TestKeyPair> {
  return webcrypto.subtle.generateKey(kind === 'ECDSA' ? ECDSA : RSA, true, ['sign', 'verify']);
}

export async function createTestCa(subject = 'CN=TKS Unit Test CA, O=TKS, C=RU'): Promise<TestIdentity> {
  const keys = await generateKeys('ECDSA');
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: subject,
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
      keys,
      signingAlgorithm: ECDSA,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    },
    webcrypto,
  );
  return { keys, certificate, der: new Uint8Array(certificate.rawData) };
}

export async function issueCertificate(ca: TestIdentity, options: IssueOptions): Promise<TestIdentity> {
  const keys = options.keys ?? (await generateKeys(options.kind));
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: options.serialNumber ?? '0a1b2c3d',
      subject: options.subject,
      issuer: ca.certificate.subject,
      notBefore: options.notBefore ?? VALIDITY_START,
      notAfter: options.notAfter ?? VALIDITY_END,
      publicKey: keys.publicKey,
      signingKey: ca.keys.privateKey,
      signingAlgorithm: ECDSA,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
      ],
    },
    webcrypto,
  );
  return { keys, certificate, der: new Uint8Array(certificate.rawData) };
}
