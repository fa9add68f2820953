import { execFile } from 'node:child_process';
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { derToPem, openPkcs11Provider, signDetached } from '@tks/crypto';
import {
  createTestCa,
  issueCertificate,
  KeyKind,
  TestIdentity,
} from '../../libs/crypto/src/testing/test-pki';
import { readSignedData } from '../../libs/crypto/src/cms-reader';

/**
 * `tks verify` end to end: the compiled command (npx tsc -p tsconfig.build.json first) on signatures
 * made by the SoftHSM token and by the OpenSSL command line, each broken one way, each failing with
 * its own numbered reason (libs/crypto/src/verification-reason.ts).
 */
/** The compiled command, independent of where the package puts its bin script. */
const TKS = ['-r', './scripts/register-paths.js', 'dist/cli/main.js'];

interface Outcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: join(__dirname, '../..') }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode, stdout, stderr });
    });
  });
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source scripts/setup.sh`);
  return value;
}

interface VerifyJson {
  valid: boolean;
  code: number;
  reason: string;
  signer?: { subject: string };
  algorithm?: string;
  signingTime?: string;
}

describe('tks verify', () => {
  let dir: string;
  let ca: TestIdentity;
  const content = Buffer.from(
    `<?xml version="1.0" encoding="windows-1251"?><Файл ИдФайл="${randomBytes(8).toString('hex')}"/>`,
    'latin1',
  );
  const contentFile = () => join(dir, 'content.xml');
  const path = (name: string) => join(dir, name);

  const verify = async (signature: string, ...extra: string[]) => {
    const outcome = await run('node', [
      ...TKS,
      'verify',
      '--content',
      extra.includes('--altered') ? path('altered.xml') : contentFile(),
      '--signature',
      signature,
      '--json',
      ...extra.filter((arg) => arg !== '--altered'),
    ]);
    return { ...outcome, json: JSON.parse(outcome.stdout) as VerifyJson };
  };

  /** A certificate from the test CA, valid now (or expired), with its key as a PEM file for OpenSSL. */
  async function identityFiles(name: string, kind: KeyKind, expired = false) {
    const now = Date.now();
    const identity = await issueCertificate(ca, {
      subject: `CN=${name}, O=TKS Test, C=RU`,
      serialNumber: randomBytes(4).toString('hex'),
      kind,
      notBefore: new Date(now - (expired ? 400 : 1) * 86_400_000),
      notAfter: new Date(now + (expired ? -30 : 30) * 86_400_000),
    });
    const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', identity.keys.privateKey));
    await writeFile(path(`${name}.key`), derToPem(pkcs8, 'PRIVATE KEY'));
    await writeFile(path(`${name}.pem`), derToPem(identity.der, 'CERTIFICATE'));
    return identity;
  }

  async function opensslSign(name: string, outform: 'DER' | 'PEM' = 'DER'): Promise<string> {
    const out = path(`${name}-${outform}.p7s`);
    const signed = await run('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-cades',
      '-md',
      'sha256',
      '-in',
      contentFile(),
      '-signer',
      path(`${name}.pem`),
      '-inkey',
      path(`${name}.key`),
      '-outform',
      outform,
      '-out',
      out,
    ]);
    expect(signed.stderr).toBe('');
    return out;
  }

  /** Flips the last byte of the file: the end of the signature value (no unsigned attributes). */
  async function tamperSignature(file: string): Promise<string> {
    const bytes = await readFile(file);
    bytes[bytes.length - 1] ^= 0x01;
    const out = `${file}.tampered`;
    await writeFile(out, bytes);
    return out;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-verify-'));
    ca = await createTestCa();
    await writeFile(path('ca.pem'), derToPem(ca.der, 'CERTIFICATE'));
    await writeFile(contentFile(), content);
    const altered = Buffer.from(content);
    altered[altered.length - 3] ^= 0x01;
    await writeFile(path('altered.xml'), altered);

    // The operator key on the token, as the signer service signs.
    const pin = (await readFile(env('PKCS11_PIN_FILE'), 'utf8')).replace(/\r?\n$/, '');
    const provider = await openPkcs11Provider({
      library: env('PKCS11_LIBRARY'),
      tokenLabel: env('PKCS11_TOKEN_LABEL'),
      pin,
    });
    try {
      const operator = await provider.findSigningIdentity('operator');
      const signature = await signDetached({
        content,
        certificate: operator.certificateDer,
        privateKey: operator.privateKey,
        engine: provider.engine,
        signingTime: new Date(),
      });
      await writeFile(path('token.p7s'), signature);
    } finally {
      await provider.close();
    }
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('accepts a signature made on the token, chained to the test CA, and names its signer', async () => {
    const result = await verify(path('token.p7s'), '--ca', join(env('TKS_PKI_DIR'), 'test-ca.pem'));
    expect(result.exitCode).toBe(0);
    expect(result.json).toMatchObject({
      valid: true,
      code: 0,
      reason: 'VALID',
      algorithm: 'ECDSA with SHA-256',
      signer: { subject: 'C=RU, O=TKS, CN=TKS Operator' },
    });
    expect(Math.abs(Date.parse(result.json.signingTime ?? '') - Date.now())).toBeLessThan(120_000);
  });

  it('prints a readable verdict without --json', async () => {
    const outcome = await run('node', [
      ...TKS,
      'verify',
      '--content',
      path('altered.xml'),
      '--signature',
      path('token.p7s'),
    ]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stdout).toMatch(/^signature {2}INVALID, reason 4 CONTENT_DIGEST_MISMATCH$/m);
    expect(outcome.stdout).toMatch(/^signer {5}C=RU, O=TKS, CN=TKS Operator$/m);
  });

  it.each([
    ['ECDSA', 'ECDSA with SHA-256'],
    ['RSA', 'RSASSA-PKCS1-v1_5 with SHA-256'],
  ] as const)('accepts an OpenSSL %s signature, in DER and in PEM', async (kind, algorithm) => {
    await identityFiles(`openssl-${kind}`, kind);
    for (const form of ['DER', 'PEM'] as const) {
      const result = await verify(await opensslSign(`openssl-${kind}`, form), '--ca', path('ca.pem'));
      expect(result.json).toMatchObject({ valid: true, reason: 'VALID', algorithm });
      expect(result.exitCode).toBe(0);
    }
  });

  it('accepts a GOST R 34.10-2012 signature made by the OpenSSL GOST engine', async () => {
    const base = path('gost');
    const made = await run('openssl', [
      'req',
      '-x509',
      '-engine',
      'gost',
      '-newkey',
      'gost2012_256',
      '-pkeyopt',
      'paramset:A',
      '-nodes',
      '-keyout',
      `${base}.key`,
      '-out',
      `${base}.pem`,
      '-subj',
      '/CN=GOST Signer/C=RU',
      '-days',
      '2',
      '-md_gost12_256',
    ]);
    expect(made.exitCode).toBe(0);
    const signed = await run('openssl', [
      'cms',
      '-sign',
      '-engine',
      'gost',
      '-binary',
      '-cades',
      '-md',
      'md_gost12_256',
      '-in',
      contentFile(),
      '-signer',
      `${base}.pem`,
      '-inkey',
      `${base}.key`,
      '-outform',
      'DER',
      '-out',
      `${base}.p7s`,
    ]);
    expect(signed.exitCode).toBe(0);
    const result = await verify(`${base}.p7s`, '--ca', `${base}.pem`);
    expect(result.json).toMatchObject({
      valid: true,
      algorithm: 'GOST R 34.10-2012-256 with GOST R 34.11-2012-256',
      signer: { subject: 'CN=GOST Signer, C=RU' },
    });
    expect(result.exitCode).toBe(0);
    expect((await verify(`${base}.p7s`, '--altered')).json).toMatchObject({ code: 4 });
  });

  it.each(['token', 'openssl'])('refuses altered content (reason 4) on a %s signature', async (source) => {
    const signature = source === 'token' ? path('token.p7s') : await signedByOpenssl('altered-content');
    const result = await verify(signature, '--altered');
    expect(result.exitCode).toBe(1);
    expect(result.json).toMatchObject({ valid: false, code: 4, reason: 'CONTENT_DIGEST_MISMATCH' });
  });

  it.each(['token', 'openssl'])(
    'refuses a tampered signature value (reason 5) on a %s signature',
    async (source) => {
      const signature = source === 'token' ? path('token.p7s') : await signedByOpenssl('tampered');
      const result = await verify(await tamperSignature(signature));
      expect(result.exitCode).toBe(1);
      expect(result.json).toMatchObject({ valid: false, code: 5, reason: 'SIGNATURE_INVALID' });
    },
  );

  it('refuses a certificate swapped for another with the same key, issuer and serial (reason 7)', async () => {
    const original = await identityFiles('swapped', 'ECDSA');
    const signature = await opensslSign('swapped');
    // A second certificate for the same key, issuer and serial number, naming someone else.
    const other = await issueCertificate(ca, {
      subject: 'CN=Someone Else, O=TKS Test, C=RU',
      serialNumber: pkijsSerialHex(original),
      keys: original.keys,
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const swapped = path('swapped-cert.p7s');
    await writeFile(swapped, replaceCertificate(await readFile(signature), other.der));
    const result = await verify(swapped);
    expect(result.exitCode).toBe(1);
    expect(result.json).toMatchObject({ valid: false, code: 7, reason: 'SIGNING_CERT_ATTR_MISMATCH' });
  });

  it('refuses a signer certificate from another CA when a trusted CA is named (reason 10)', async () => {
    const signature = await signedByOpenssl('other-ca');
    const otherCa = await createTestCa('CN=Another CA, O=Elsewhere, C=RU');
    await writeFile(path('other-ca.pem'), derToPem(otherCa.der, 'CERTIFICATE'));
    const result = await verify(signature, '--ca', path('other-ca.pem'));
    expect(result.exitCode).toBe(1);
    expect(result.json).toMatchObject({ valid: false, code: 10, reason: 'CERT_UNTRUSTED' });
  });

  it('refuses a signature made after the certificate expired (reason 9)', async () => {
    await identityFiles('expired', 'ECDSA', true);
    const result = await verify(await opensslSign('expired'), '--ca', path('ca.pem'));
    expect(result.exitCode).toBe(1);
    expect(result.json).toMatchObject({ valid: false, code: 9, reason: 'CERT_EXPIRED' });
  });

  it('refuses a file that is not a CMS (reason 1) and wrong usage with exit code 2', async () => {
    const result = await verify(contentFile());
    expect(result.json).toMatchObject({ valid: false, code: 1, reason: 'MALFORMED_CMS' });
    const usage = await run('node', [...TKS, 'verify', '--content', contentFile()]);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain('--signature FILE');
  });

  async function signedByOpenssl(name: string): Promise<string> {
    await identityFiles(name, 'ECDSA');
    return opensslSign(name);
  }
});

function pkijsSerialHex(identity: TestIdentity): string {
  return identity.certificate.serialNumber;
}

function replaceCertificate(signature: Buffer, der: Uint8Array): Buffer {
  const { signedData } = readSignedData(signature);
  signedData.certificates = [pkijs.Certificate.fromBER(der)];
  const contentInfo = new pkijs.ContentInfo({
    contentType: '1.2.840.113549.1.7.2',
    content: signedData.toSchema(),
  });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}
