import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealContainer } from '@tks/container';
import { SoftwareSigningProvider, signDetached } from '@tks/crypto';

/**
 * `tks container open` end to end, on the compiled command (npx tsc -p tsconfig.build.json first):
 * a container signed with the test CA's key and encrypted for a certificate OpenSSL made is
 * unpacked, decrypted with that key file and verified; without the key it is reported, not opened.
 */
const TKS = ['-r', './scripts/register-paths.js', 'dist/cli/main.js'];

function run(
  command: string,
  args: readonly string[],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: join(__dirname, '../..') }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode, stdout, stderr });
    });
  });
}

describe('tks container open', () => {
  let dir: string;
  let containerFile: string;
  const fileName = `NO_USN_0087_0087_7707083893770701001_20250314_${randomBytes(4).toString('hex')}.xml`;
  const declaration = Buffer.from(
    `<?xml version="1.0" encoding="windows-1251"?><Файл ${randomBytes(8).toString('hex')}/>`,
    'latin1',
  );
  const pkiDir = () => {
    const value = process.env.TKS_PKI_DIR;
    if (!value) throw new Error('TKS_PKI_DIR is not set: source infra/env.sh');
    return value;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-container-cli-'));
    const made = await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'tax-office.key'),
      '-out',
      join(dir, 'tax-office.pem'),
      '-subj',
      '/CN=Tax Office 0087/O=FNS/C=RU',
      '-days',
      '2',
    ]);
    expect(made.exitCode).toBe(0);
    const provider = await SoftwareSigningProvider.fromFiles([
      {
        label: 'ca',
        privateKeyFile: join(pkiDir(), 'test-ca.key'),
        certificateFile: join(pkiDir(), 'test-ca.pem'),
      },
    ]);
    const identity = await provider.findSigningIdentity('ca');
    const signature = await signDetached({
      content: declaration,
      certificate: identity.certificateDer,
      privateKey: identity.privateKey,
      engine: provider.engine,
      signingTime: new Date(),
    });
    const sealed = await sealContainer({
      senderId: '2TK-0123456789abcdef0123456789abcdef',
      recipientId: '0087',
      operatorId: '2TK',
      docflowId: randomBytes(16).toString('hex'),
      docflowCode: '01',
      transactionCode: '01',
      programVersion: 'tks test',
      documents: [
        {
          typeCode: '01',
          fileName,
          content: declaration,
          signatures: [{ data: signature, role: 'абонент' }],
        },
      ],
      encryptFor: await readFile(join(dir, 'tax-office.pem'), 'utf8'),
    });
    containerFile = join(dir, sealed.fileName);
    await writeFile(containerFile, sealed.archive);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('unpacks, decrypts with the recipient key and verifies, giving back the declaration byte for byte', async () => {
    const out = join(dir, 'opened');
    const result = await run('node', [
      ...TKS,
      'container',
      'open',
      containerFile,
      '--out',
      out,
      '--cert',
      join(dir, 'tax-office.pem'),
      '--key',
      join(dir, 'tax-office.key'),
      '--ca',
      join(pkiDir(), 'test-ca.pem'),
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      documents: Array<{
        signatures: Array<{ verification: { reason: string; signer: { subject: string } } }>;
      }>;
    };
    expect(report.valid).toBe(true);
    expect(report.documents[0].signatures[0].verification).toMatchObject({
      reason: 'VALID',
      signer: { subject: 'C=RU, O=TKS, CN=TKS Test CA' },
    });
    expect((await readFile(join(out, fileName))).equals(declaration)).toBe(true);
    expect((await readFile(join(out, 'packageDescription.xml'))).toString('latin1')).toContain(
      'encoding="windows-1251"',
    );
  });

  it('says the content is encrypted, and exits 1, without the recipient key', async () => {
    const result = await run('node', [
      ...TKS,
      'container',
      'open',
      containerFile,
      '--out',
      join(dir, 'no-key'),
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^verdict {4}INVALID$/m);
    expect(result.stdout).toContain('the content is encrypted and no recipient key was given');
  });
});
