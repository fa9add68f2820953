import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { CertificateError, CertificateErrorCode } from './certificate-errors';
import { RussianOid } from './russian-oids';

/** The Russian identity attributes of a qualified certificate's subject; absent ones are omitted. */
export interface CertificateIdentity {
  inn?: string;
  innLe?: string;
  ogrn?: string;
  snils?: string;
  ogrnip?: string;
}

export interface QualifiedCertificate {
  /** SHA-256 of the DER, lower-case hex: the certificate's id everywhere in tks. */
  readonly certificateId: string;
  readonly der: Uint8Array;
  readonly x509: x509.X509Certificate;
  /** Upper-case hex without the DER sign byte, as OpenSSL prints it. */
  readonly serialNumber: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKeyAlgorithm: string;
  readonly identity: CertificateIdentity;
  readonly subjectSignTool?: string;
  readonly issuerSignTools?: string[];
  /** RFC 5280 §4.2.1.3: digitalSignature or nonRepudiation (contentCommitment) lets the key sign documents. */
  readonly canSign: boolean;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;

/** DER bytes from a DER or PEM upload; anything else is refused as malformed. */
export function certificateDer(input: Uint8Array | string): Uint8Array {
  const text =
    typeof input === 'string' ? input : looksLikePem(input) ? Buffer.from(input).toString('latin1') : null;
  if (text === null) return input as Uint8Array;
  const match = PEM_CERTIFICATE.exec(text);
  if (!match) throw new CertificateError(CertificateErrorCode.malformed, 'no CERTIFICATE PEM block found');
  return new Uint8Array(Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
}

/** Reads a certificate with @peculiar/x509 and extracts the fields of a Russian qualified certificate. */
export function readQualifiedCertificate(input: Uint8Array | string): QualifiedCertificate {
  const der = certificateDer(input);
  let certificate: x509.X509Certificate;
  try {
    certificate = new x509.X509Certificate(der);
  } catch (error) {
    throw new CertificateError(
      CertificateErrorCode.malformed,
      `not an X.509 certificate: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // PKI.js rather than @tks/crypto's readCertificate: that library's index loads the PKCS#11
  // module, which a pure certificate library must not need.
  const parsed = new pkijs.Certificate({ schema: asn1js.fromBER(der).result });
  const keyUsage = certificate.getExtension(x509.KeyUsagesExtension);
  // RFC 5280 §4.2.1.3: without the extension the key's use is not restricted.
  const canSign =
    !keyUsage ||
    (keyUsage.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) !== 0;
  return {
    certificateId: createHash('sha256').update(der).digest('hex'),
    der,
    x509: certificate,
    serialNumber: serialHex(certificate.serialNumber),
    subject: certificate.subject,
    issuer: certificate.issuer,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    // The key's algorithm without importing the key (WebCrypto cannot import GOST keys).
    publicKeyAlgorithm: parsed.subjectPublicKeyInfo.algorithm.algorithmId,
    identity: readIdentity(parsed.subject),
    subjectSignTool: utf8Extension(certificate, RussianOid.subjectSignTool),
    issuerSignTools: utf8SequenceExtension(certificate, RussianOid.issuerSignTools),
    canSign,
  };
}

/**
 * The identity attributes through PKI.js: @peculiar/x509's Name returns a NumericString (how INN,
 * OGRN and SNILS are encoded, FSB order 795) as hex of its DER instead of its text.
 */
function readIdentity(subject: pkijs.RelativeDistinguishedNames): CertificateIdentity {
  const identity: CertificateIdentity = {};
  const fields: Array<[keyof CertificateIdentity, string]> = [
    ['inn', RussianOid.inn],
    ['innLe', RussianOid.innLe],
    ['ogrn', RussianOid.ogrn],
    ['snils', RussianOid.snils],
    ['ogrnip', RussianOid.ogrnip],
  ];
  for (const [field, oid] of fields) {
    const attribute = subject.typesAndValues.find((a) => a.type === oid);
    const value: unknown = attribute?.value.valueBlock.value;
    if (typeof value === 'string' && value.trim()) identity[field] = value.trim();
  }
  return identity;
}

function extensionValue(certificate: x509.X509Certificate, oid: string): asn1js.AsnType | undefined {
  const extension = certificate.getExtension(oid);
  if (!extension) return undefined;
  const parsed = asn1js.fromBER(extension.value);
  return parsed.offset === -1 ? undefined : parsed.result;
}

function utf8Extension(certificate: x509.X509Certificate, oid: string): string | undefined {
  const value = extensionValue(certificate, oid);
  return value instanceof asn1js.BaseStringBlock ? value.getValue() : undefined;
}

function utf8SequenceExtension(certificate: x509.X509Certificate, oid: string): string[] | undefined {
  const value = extensionValue(certificate, oid);
  if (!(value instanceof asn1js.Sequence)) return undefined;
  return value.valueBlock.value.map((item) =>
    item instanceof asn1js.BaseStringBlock ? item.getValue() : '',
  );
}

function serialHex(serial: string): string {
  const upper = serial.toUpperCase();
  return upper.length > 2 && upper.startsWith('00') ? upper.slice(2) : upper;
}

function looksLikePem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').includes('-----BEGIN');
}
