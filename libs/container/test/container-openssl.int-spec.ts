import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sealContainer, SealRequest } from '@tks/container';
import { readZip } from '../src/zip-archive';

/**
 * The container's encryption checked by OpenSSL, the independent implementation: content sealed for
 * a certificate decrypts with `openssl cms -decrypt` and the recipient's key file.
 */
function run(command: string, args: readonly string[]): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { encoding: 'buffer' }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode, output: `${stdout.toString('latin1')}${stderr.toString('latin1')}` });
    });
  });
}

describe('container encryption, checked with OpenSSL', () => {
  let dir: string;
  const declaration = Buffer.from(
    `<?xml version="1.0" encoding="windows-1251"?><Файл ${randomBytes(8).toString('hex')}/>`,
    'latin1',
  );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-container-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const request = (encryptFor: string): SealRequest => ({
    senderId: '2TK-0123456789abcdef0123456789abcdef',
    recipientId: '0087',
    docflowId: randomBytes(16).toString('hex'),
    docflowCode: '01',
    transactionCode: '01',
    documents: [{ typeCode: '01', fileName: 'NO_USN_TEST.xml', content: declaration, signatures: [] }],
    encryptFor,
  });

  async function sealedContent(encryptFor: string): Promise<string> {
    const sealed = await sealContainer(request(encryptFor));
    const file = (await readZip(sealed.archive)).find((entry) => entry.name.endsWith('.p7e'));
    if (!file) throw new Error('no encrypted content file');
    const path = join(dir, `${randomBytes(4).toString('hex')}.p7e`);
    await writeFile(path, file.data);
    return path;
  }

  it.each([
    ['EC P-256 (ECDH key agreement)', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
    ['RSA 2048 (RSA-OAEP key transport)', ['-newkey', 'rsa:2048']],
  ])('OpenSSL decrypts content sealed for an %s certificate', async (name, keyArgs) => {
    const base = join(dir, randomBytes(4).toString('hex'));
    const made = await run('openssl', [
      'req',
      '-x509',
      ...keyArgs,
      '-nodes',
      '-keyout',
      `${base}.key`,
      '-out',
      `${base}.pem`,
      '-subj',
      '/CN=Tax Office 0087/O=FNS/C=RU',
      '-days',
      '2',
    ]);
    expect(made.exitCode).toBe(0);
    const encrypted = await sealedContent(await readFile(`${base}.pem`, 'utf8'));
    const decrypted = await run('openssl', [
      'cms',
      '-decrypt',
      '-binary',
      '-inform',
      'DER',
      '-in',
      encrypted,
      '-recip',
      `${base}.pem`,
      '-inkey',
      `${base}.key`,
      '-out',
      `${base}.gz`,
    ]);
    expect(decrypted.output).toBe('');
    expect(decrypted.exitCode).toBe(0);
    expect(gunzipSync(await readFile(`${base}.gz`)).equals(declaration)).toBe(true);
  });

  it("seals for the token's tax-office certificate, naming it as the recipient", async () => {
    const pkiDir = process.env.TKS_PKI_DIR;
    if (!pkiDir) throw new Error('TKS_PKI_DIR is not set: source infra/env.sh');
    const certificate = join(pkiDir, 'tax-office.pem');
    const encrypted = await sealedContent(await readFile(certificate, 'utf8'));
    const printed = await run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', encrypted]);
    expect(printed.exitCode).toBe(0);
    expect(printed.output).toMatch(
      /keyEncryptionAlgorithm:\s+algorithm: dhSinglePass-stdDH-sha\d+kdf-scheme/,
    );
    const serial = await run('openssl', ['x509', '-noout', '-serial', '-in', certificate]);
    const decimal = BigInt(`0x${serial.output.trim().replace(/^serial=/, '')}`).toString();
    expect(printed.output).toContain(`serialNumber: ${decimal}`);
  });
});
