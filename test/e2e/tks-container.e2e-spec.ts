import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as iconv from 'iconv-lite';
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

  it("opens another operator's container made by zip and openssl: ZIP content, a GOST 2001 signature, a signature-only and an unsigned document", async () => {
    const base = join(dir, 'legacy');
    const sh = (args: readonly string[]) => run(args[0], args.slice(1));
    expect((await sh(['openssl', 'genpkey', '-engine', 'gost', '-algorithm', 'gost2001', '-pkeyopt', 'paramset:A', '-out', `${base}.key`])).exitCode).toBe(0); // prettier-ignore
    expect((await sh(['openssl', 'req', '-new', '-x509', '-engine', 'gost', '-key', `${base}.key`, '-out', `${base}.pem`, '-subj', '/CN=Tax office 2013/C=RU', '-days', '2', '-md_gost94'])).exitCode).toBe(0); // prettier-ignore
    const letter = join(dir, 'IU_RASS.txt');
    await writeFile(letter, 'Уведомление'.repeat(50));
    const content = join(dir, 'c70d17bb5eb3416db59348d4fda0a047.bin');
    const signature = join(dir, '8b68493fb98b4b84a3cc0464c6e29187.bin');
    const echo = join(dir, 'dc8cd01eff044289ad17c5321a1c369a.bin');
    expect((await sh(['zip', '-q', '-j', `${content}.zip`, letter])).exitCode).toBe(0);
    expect((await sh(['mv', `${content}.zip`, content])).exitCode).toBe(0);
    for (const [file, out] of [
      [letter, signature],
      [join(dir, 'tax-office.pem'), echo],
    ]) {
      const signed = await sh(['openssl', 'cms', '-sign', '-engine', 'gost', '-binary', '-cades', '-md', 'md_gost94', '-in', file, '-signer', `${base}.pem`, '-inkey', `${base}.key`, '-outform', 'DER', '-out', out]); // prettier-ignore
      expect(signed.exitCode).toBe(0);
    }
    const description = join(dir, 'packageDescription.xml');
    const doc = (code: string, type: string, name: string, compressed: boolean, inner: string) =>
      `<документ кодТипаДокумента="${code}" типДокумента="${type}" типСодержимого="plain1251" сжат="${compressed}" зашифрован="false" идентификаторДокумента="${randomBytes(16).toString('hex')}" исходноеИмяФайла="${name}">${inner}</документ>`;
    await writeFile(
      description,
      iconv.encode(
        '<?xml version="1.0" encoding="windows-1251"?><ТрансИнф версияФормата="ФНС:1.0" кодТипаДокументооборота="05" типДокументооборота="РассылкаГрупповая" кодТипаТранзакции="01" типТранзакции="Рассылка" идентификаторДокументооборота="c875747bccfa42aba1b2d8872e7a117f" ВерсПрог="Другая программа 6.5.3">' +
          '<отправитель идентификаторСубъекта="5501" типСубъекта="налоговыйОрган"/><спецоператор идентификаторСубъекта="1CZ" типСубъекта="спецоператор"/><получатель идентификаторСубъекта="1CZ-SUBSCRIBER" типСубъекта="абонент"/>' +
          doc(
            '01',
            'рассылка',
            'IU_RASS.txt',
            true,
            `<содержимое имяФайла="${basename(content)}"/><подпись имяФайла="${basename(signature)}" роль="налоговыйОрган"/>`,
          ) +
          doc(
            '03',
            'приложение',
            'echo.pem',
            false,
            `<подпись имяФайла="${basename(echo)}" роль="налоговыйОрган"/>`,
          ) +
          doc('02', 'описание', 'TR_PISRAS.xml', false, `<содержимое имяФайла="${basename(content)}"/>`) +
          '</ТрансИнф>',
        'win1251',
      ),
    );
    const archive = join(dir, 'FNS_5501_1CZ-SUBSCRIBER_c875747bccfa42aba1b2d8872e7a117f_05_01_01.zip');
    expect(
      (await sh(['zip', '-q', '-0', '-j', archive, description, content, signature, echo])).exitCode,
    ).toBe(0);
    const result = await run('node', [
      ...TKS,
      'container',
      'open',
      archive,
      '--out',
      join(dir, 'legacy-out'),
      '--json',
    ]);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      programVersion: string;
      documents: Array<{
        problemCode?: string;
        signatures: Array<{ verification?: { valid: boolean; legacyAlgorithm: boolean; algorithm: string } }>;
      }>;
    };
    expect(report.programVersion).toBe('Другая программа 6.5.3');
    expect(report.documents.map((d) => d.problemCode)).toEqual([
      undefined,
      'CONTENT_HELD_ELSEWHERE',
      undefined,
    ]);
    expect(report.documents[0].signatures[0].verification).toEqual(
      expect.objectContaining({
        valid: true,
        legacyAlgorithm: true,
        algorithm: 'GOST R 34.10-2001 with GOST R 34.11-94',
      }),
    );
    expect(report.valid).toBe(true);
    expect(result.exitCode).toBe(0);
    expect((await readFile(join(dir, 'legacy-out', 'IU_RASS.txt'), 'utf8')).startsWith('Уведомление')).toBe(
      true,
    );
  });

  it('exits 1 with a documented code, never a raw error, on a file that is not a container', async () => {
    const garbage = join(dir, 'garbage.zip');
    await writeFile(garbage, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(500)]));
    const result = await run('node', [...TKS, 'container', 'open', garbage, '--out', join(dir, 'garbage')]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error TKS-CONTAINER-NOT-ZIP: /);
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
