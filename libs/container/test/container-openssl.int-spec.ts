import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openContainer, sealContainer, sealContainerStreamed, SealRequest } from '@tks/container';
import { readDeclarationHeader } from '@tks/xml';
import { buildUsnDeclaration } from '../../xml/src/fixtures';
import { readZip, writeZip } from '../src/zip-archive';

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
    programVersion: 'tks test',
    documents: [{ typeCode: '01', fileName: 'NO_USN_TEST.xml', content: declaration, signatures: [] }],
    encryptFor,
  });

  async function sealedContent(encryptFor: string): Promise<string> {
    const sealed = await sealContainer(request(encryptFor));
    const name = sealed.description.documents[0].contentFileName;
    const file = (await readZip(sealed.archive)).find((entry) => entry.name === name);
    if (!file) throw new Error('no encrypted content file');
    const path = join(dir, `${randomBytes(4).toString('hex')}.bin`);
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
      `${base}.zip`,
    ]);
    expect(decrypted.output).toBe('');
    expect(decrypted.exitCode).toBe(0);
    expect((await unzipOne(`${base}.zip`)).equals(declaration)).toBe(true);
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

  describe('for a GOST R 34.10-2012 certificate (the tax office has one)', () => {
    let certificate: string;
    let key: string;
    beforeAll(async () => {
      const base = join(dir, 'gost-tax-office');
      const made = await run('openssl', [
        'req', '-x509', '-engine', 'gost', '-newkey', 'gost2012_256', '-pkeyopt', 'paramset:A', '-nodes',
        '-keyout', `${base}.key`, '-out', `${base}.pem`, '-subj', '/CN=Tax Office 0087/O=FNS/C=RU',
        '-days', '2', '-md_gost12_256',
      ]); // prettier-ignore
      expect(made.exitCode).toBe(0);
      certificate = `${base}.pem`;
      key = `${base}.key`;
    });

    // The content here stays under 4 KiB: OpenSSL's GOST engine garbles CMS decryption past the
    // first ACPKM section of Kuznyechik (docs/decisions/0005-gost-encryption.md, engine issue #529).
    it('encrypts with Kuznyechik CTR-ACPKM and KExp15, and OpenSSL decrypts it with the GOST engine', async () => {
      const encrypted = await sealedContent(await readFile(certificate, 'utf8'));
      const printed = await run('openssl', [
        'cms',
        '-engine',
        'gost',
        '-cmsout',
        '-print',
        '-inform',
        'DER',
        '-in',
        encrypted,
      ]);
      expect(printed.exitCode).toBe(0);
      expect(printed.output).toMatch(/kuznyechik-ctr-acpkm|1\.2\.643\.7\.1\.1\.5\.2\.1/);
      expect(printed.output).toMatch(/kuznyechik-kexp15|1\.2\.643\.7\.1\.1\.7\.2\.1/);
      const out = `${encrypted}.zip`;
      const decrypted = await run('openssl', [
        'cms', '-decrypt', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', encrypted,
        '-recip', certificate, '-inkey', key, '-out', out,
      ]); // prettier-ignore
      expect(decrypted.exitCode).toBe(0);
      expect((await unzipOne(out)).equals(declaration)).toBe(true);
    });

    it('seals a declaration read from a stream: the same description, and it opens to the same bytes', async () => {
      const usn = buildUsnDeclaration();
      const header = readDeclarationHeader(usn.text);
      if (!header.ok) throw new Error('the fixture has no header');
      // Past three Kuznyechik sections, given in pieces of odd sizes.
      const content = Buffer.concat([usn.bytes, randomBytes(900 * 1024 + 13)]);
      const pieces = (size: number) =>
        Readable.from(
          Array.from({ length: Math.ceil(content.length / size) }, (_, i) =>
            content.subarray(i * size, (i + 1) * size),
          ),
        );
      const base = request(await readFile(certificate, 'utf8'));
      const streamed = await sealContainerStreamed(
        {
          ...base,
          documents: [
            {
              typeCode: '01',
              fileName: usn.fileName,
              stream: { open: () => pieces(40_961), size: content.length, header: header.value },
              signatures: [],
            },
          ],
        },
        async (archive) => {
          const chunks: Buffer[] = [];
          for await (const chunk of archive) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks);
        },
      );
      // The description does not depend on the content past its header.
      const inMemory = await sealContainer({
        ...base,
        documents: [{ typeCode: '01', fileName: usn.fileName, content: usn.bytes, signatures: [] }],
      });
      const strip = (d: typeof inMemory.description) => ({
        ...d,
        documents: d.documents.map((e) => ({ ...e, documentId: '', contentFileName: '' })),
      });
      expect(strip(streamed.description)).toEqual(strip(inMemory.description));
      expect(streamed.description.documents.map((d) => d.typeCode)).toEqual(['01', '02']);
      // Another implementation reads the archive, whose streamed entry ends in a data descriptor.
      const path = join(dir, `${randomBytes(4).toString('hex')}.zip`);
      await writeFile(path, streamed.result);
      expect((await run('unzip', ['-tq', path])).exitCode).toBe(0);
      const opened = await openContainer(streamed.result, {
        recipientKey: {
          certificate: await readFile(certificate, 'utf8'),
          privateKeyPkcs8: pemBody(await readFile(key, 'utf8')),
        },
        verifySignatures: false,
      });
      expect(opened.documents[0].problem).toBeUndefined();
      expect(opened.documents[0].content?.equals(content)).toBe(true);
    });

    it('opens a container whose content OpenSSL encrypted, with the tax office key', async () => {
      const sealed = await sealContainer(request(await readFile(certificate, 'utf8')));
      const files = await readZip(sealed.archive);
      const original = join(dir, `NO_USN_${randomBytes(4).toString('hex')}.xml`);
      const plain = `${original}.zip`;
      // Several ACPKM sections (256 KiB each for Kuznyechik on encryption), as a real declaration has.
      const large = Buffer.concat([declaration, randomBytes(600 * 1024)]);
      await writeFile(original, large);
      expect((await run('zip', ['-j', '-q', plain, original])).exitCode).toBe(0);
      const encrypted = `${plain}.bin`;
      const made = await run('openssl', [
        'cms', '-encrypt', '-engine', 'gost', '-kuznyechik-ctr-acpkm', '-binary', '-outform', 'DER',
        '-in', plain, '-out', encrypted, '-recip', certificate,
      ]); // prettier-ignore
      expect(made.exitCode).toBe(0);
      const replaced = await writeZip(
        await Promise.all(
          files.map(async (file) =>
            file.name === sealed.description.documents[0].contentFileName
              ? { name: file.name, data: await readFile(encrypted) }
              : file,
          ),
        ),
      );
      const opened = await openContainer(replaced, {
        recipientKey: {
          certificate: await readFile(certificate, 'utf8'),
          privateKeyPkcs8: pemBody(await readFile(key, 'utf8')),
        },
      });
      expect(opened.documents[0].problem).toBeUndefined();
      expect(opened.documents[0].content?.equals(large)).toBe(true);
    });
  });
});

/** The one file of a ZIP archive, as `unzip -p` gives it (the reader of another implementation). */
async function unzipOne(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('unzip', ['-p', path], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

function pemBody(pem: string): Uint8Array {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}
