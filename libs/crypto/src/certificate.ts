import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CryptoError } from './errors';

/** A certificate as callers hold it: parsed, DER bytes, or PEM text. */
export type CertificateInput = pkijs.Certificate | Uint8Array | string;

/**
 * A certificate with the exact bytes it was read from. The signing-certificate-v2 attribute hashes
 * the DER as issued, so the bytes are kept rather than re-encoded from the parsed fields.
 */
export interface CertificateWithDer {
  readonly certificate: pkijs.Certificate;
  readonly der: Uint8Array;
}

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  /** Upper-case hex as OpenSSL prints it, without the DER sign byte. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export type CertificateValidity = 'VALID' | 'EXPIRED' | 'NOT_YET_VALID';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Decodes every PEM block with the given label, in order. */
export function pemBlocks(pem: string, label: string): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  for (const match of pem.matchAll(PEM_BLOCK)) {
    if (match[1] === label) {
      blocks.push(new Uint8Array(Buffer.from(match[2].replace(/\s+/g, ''), 'base64')));
    }
  }
  return blocks;
}

export function derToPem(der: Uint8Array, label: string): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function readCertificate(input: CertificateInput): CertificateWithDer {
  if (input instanceof pkijs.Certificate) {
    // toSchema() without encodeFlag reuses the parsed TBS bytes, so the issued encoding survives.
    return { certificate: input, der: new Uint8Array(input.toSchema().toBER(false)) };
  }
  const der = typeof input === 'string' ? firstPemCertificate(input) : input;
  return { certificate: certificateFromDer(der), der };
}

export function parseCertificate(input: CertificateInput): pkijs.Certificate {
  return readCertificate(input).certificate;
}

/** All certificates of a PEM bundle, e.g. a file of trusted CA certificates. */
export function parseCertificateBundle(pem: string): pkijs.Certificate[] {
  return pemBlocks(pem, 'CERTIFICATE').map(certificateFromDer);
}

/**
 * Certificates already parsed, by the SHA-256 of their DER. A filing's checks meet the same few
 * certificates (the subscriber's, the operator's, the tax office's, the CAs') again and again, and
 * PKI.js' schema comparison made parsing them one of the largest costs of a filing. Callers treat
 * a parsed certificate as read-only. Bounded: the oldest go first.
 */
const PARSED_KEPT = 2048;
const parsedCertificates = new Map<string, pkijs.Certificate>();

export function certificateFromDer(der: Uint8Array): pkijs.Certificate {
  const key = createHash('sha256').update(der).digest('base64');
  const known = parsedCertificates.get(key);
  if (known) return known;
  const certificate = parseCertificateDer(der);
  parsedCertificates.set(key, certificate);
  if (parsedCertificates.size > PARSED_KEPT) {
    parsedCertificates.delete(parsedCertificates.keys().next().value as string);
  }
  return certificate;
}

function parseCertificateDer(der: Uint8Array): pkijs.Certificate {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1 || asn1.offset !== der.byteLength) {
    throw new CryptoError('CERTIFICATE_MALFORMED', 'Certificate is not a single DER structure');
  }
  try {
    return new pkijs.Certificate({ schema: asn1.result });
  } catch (error) {
    throw new CryptoError(
      'CERTIFICATE_MALFORMED',
      `Certificate does not match the X.509 schema: ${String(error)}`,
    );
  }
}

export function describeCertificate(certificate: pkijs.Certificate): CertificateSummary {
  return {
    subject: formatName(certificate.subject),
    issuer: formatName(certificate.issuer),
    serialNumber: serialNumberHex(certificate),
    notBefore: certificate.notBefore.value,
    notAfter: certificate.notAfter.value,
  };
}

export function serialNumberHex(certificate: pkijs.Certificate): string {
  const bytes = certificate.serialNumber.valueBlock.valueHexView;
  // A leading zero byte only keeps a high-bit serial positive in DER; it is not part of the number.
  const trimmed = bytes.length > 1 && bytes[0] === 0 ? bytes.subarray(1) : bytes;
  return Buffer.from(trimmed).toString('hex').toUpperCase();
}

/** RFC 5280 §4.1.2.5: the validity period includes both notBefore and notAfter. */
export function certificateValidityAt(certificate: pkijs.Certificate, at: Date): CertificateValidity {
  if (at.getTime() < certificate.notBefore.value.getTime()) return 'NOT_YET_VALID';
  if (at.getTime() > certificate.notAfter.value.getTime()) return 'EXPIRED';
  return 'VALID';
}

/**
 * Short names for the attributes found in qualified certificates, including the Russian identity
 * attributes (domain README, "Qualified certificates"); anything else prints as its OID.
 */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '1.2.840.113549.1.9.1': 'E',
  '1.2.643.3.131.1.1': 'INN',
  '1.2.643.100.4': 'INNLE',
  '1.2.643.100.1': 'OGRN',
  '1.2.643.100.3': 'SNILS',
  '1.2.643.100.5': 'OGRNIP',
};

/** Attributes in certificate order (as OpenSSL prints them), values escaped as in RFC 4514 §2.4. */
export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((attribute) => `${ATTRIBUTE_NAMES[attribute.type] ?? attribute.type}=${attributeValue(attribute)}`)
    .join(', ');
}

function attributeValue(attribute: pkijs.AttributeTypeAndValue): string {
  const value: unknown = attribute.value.valueBlock.value;
  if (typeof value !== 'string') {
    return `#${Buffer.from(attribute.value.toBER(false)).toString('hex')}`;
  }
  return value
    .replace(/([,+"\\<>;])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}

function firstPemCertificate(pem: string): Uint8Array {
  const [der] = pemBlocks(pem, 'CERTIFICATE');
  if (!der) {
    throw new CryptoError('CERTIFICATE_MALFORMED', 'No "CERTIFICATE" PEM block found');
  }
  return der;
}
