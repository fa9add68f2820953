import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CertificateState } from '@tks/contracts';
import { certificateIdOfPem, opensslDetachedSigner } from '@tks/testing';

const run = promisify(execFile);
const DAY_MS = 24 * 3600 * 1000;

/** A key and self-signed certificate made by OpenSSL, signing detached CMS as a client's tool would. */
export interface TestSigningCertificate {
  readonly der: Buffer;
  /** SHA-256 of the DER, hex: the registry's certificate id. */
  readonly certificateId: string;
  /** A PKCS#10 request of the same key, as the signer answers POST /subscribers/{id}/keys (issue 10). */
  readonly csrPem: string;
  sign(content: Buffer): Promise<Buffer>;
}

/**
 * The gateway checks only whose certificate a client signature names (the signer verifies the
 * chain and the signature), so a self-signed certificate is enough here.
 */
export async function opensslSigningCertificate(commonName: string): Promise<TestSigningCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-gateway-cert-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '30',
    '-subj',
    `/CN=${commonName}/C=RU`,
    '-utf8',
  ]);
  const csr = join(dir, 'request.pem');
  await run('openssl', ['req', '-new', '-key', key, '-subj', `/CN=${commonName}/C=RU`, '-utf8', '-out', csr]);
  const pem = await readFile(cert, 'latin1');
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
  return {
    der,
    certificateId: certificateIdOfPem(pem),
    csrPem: await readFile(csr, 'utf8'),
    sign: opensslDetachedSigner(cert, key),
  };
}

/**
 * A certificate as the registry's state topic would carry it, usable now: current, valid,
 * registered with the tax authority. Overrides make it unusable in one respect.
 */
export function certificateState(
  certificate: Pick<TestSigningCertificate, 'der' | 'certificateId'>,
  overrides: Partial<CertificateState> = {},
): CertificateState {
  const now = Date.now();
  return {
    certificateId: certificate.certificateId,
    serialNumber: '01',
    subject: 'CN=test',
    issuer: 'CN=test',
    notBefore: new Date(now - DAY_MS).toISOString(),
    notAfter: new Date(now + 30 * DAY_MS).toISOString(),
    publicKeyAlgorithm: '1.2.840.10045.2.1',
    identity: {},
    lifecycle: 'current',
    status: 'valid',
    checkedAt: new Date(now).toISOString(),
    taxAuthority: { status: 'registered', decidedAt: new Date(now).toISOString() },
    expiryWarnings: [],
    boundAt: new Date(now - DAY_MS).toISOString(),
    der: certificate.der.toString('base64'),
    ...overrides,
  };
}
