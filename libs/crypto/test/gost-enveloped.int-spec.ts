import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decryptEnveloped, encryptEnveloped, GostEnvelopeCipher, startEnveloped } from '@tks/crypto';

/**
 * GOST CMS encryption against the OpenSSL GOST engine (Debian libengine-gost-openssl), the
 * independent implementation: OpenSSL decrypts what encryptEnveloped writes, and decryptEnveloped
 * reads what `openssl cms -encrypt` writes, for 256- and 512-bit keys and both 2015 ciphers.
 *
 * The engine's CMS decryption uses shorter ACPKM sections than its encryption (4 KiB instead of
 * 256 KiB for Kuznyechik, 1 KiB instead of 8 KiB for Magma; gost-engine issue #529), so OpenSSL only
 * decrypts content within its first section correctly, its own envelopes included. Larger content is
 * checked in the other direction: ours decrypts OpenSSL's multi-section envelopes.
 */
function run(args: readonly string[]): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    execFile('openssl', args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode, output: `${stdout}${stderr}` });
    });
  });
}

const KEYS = [
  ['gost2012_256', 'A'],
  ['gost2012_256', 'TCA'],
  ['gost2012_512', 'A'],
  ['gost2012_512', 'C'],
] as const;
const CIPHERS: readonly GostEnvelopeCipher[] = ['kuznyechik-ctr-acpkm', 'magma-ctr-acpkm'];
/** What `openssl cms -decrypt` gets right: its first ACPKM section (see above). */
const OPENSSL_DECRYPTS: Record<GostEnvelopeCipher, number> = {
  'kuznyechik-ctr-acpkm': 4096,
  'magma-ctr-acpkm': 1024,
};

describe('GOST CMS EnvelopedData and the OpenSSL GOST engine', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-gost-enveloped-'));
    const engineCheck = await run(['engine', 'gost', '-c']);
    if (engineCheck.exitCode !== 0)
      throw new Error('the OpenSSL GOST engine is missing (apt libengine-gost-openssl)');
    for (const [algorithm, paramset] of KEYS) {
      const base = join(dir, `${algorithm}-${paramset}`);
      const made = await run([
        'req', '-x509', '-engine', 'gost', '-newkey', algorithm, '-pkeyopt', `paramset:${paramset}`, '-nodes',
        '-keyout', `${base}.key`, '-out', `${base}.pem`, '-subj', `/CN=Tax office ${paramset}/O=TKS Test/C=RU`,
        '-days', '2', `-md_gost12_${algorithm.endsWith('512') ? '512' : '256'}`,
      ]); // prettier-ignore
      expect(made.output).not.toContain('error');
      expect(made.exitCode).toBe(0);
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const files = (algorithm: string, paramset: string) => {
    const base = join(dir, `${algorithm}-${paramset}`);
    return { certificate: `${base}.pem`, key: `${base}.key` };
  };
  const recipient = async (algorithm: string, paramset: string) => {
    const { certificate, key } = files(algorithm, paramset);
    return { certificate: await readFile(certificate, 'utf8'), privateKey: await readFile(key, 'utf8') };
  };

  async function opensslDecrypt(envelope: Buffer, algorithm: string, paramset: string) {
    const input = join(dir, `in-${randomBytes(6).toString('hex')}.p7m`);
    const output = `${input}.out`;
    await writeFile(input, envelope);
    const { certificate, key } = files(algorithm, paramset);
    const result = await run([
      'cms', '-decrypt', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', input,
      '-recip', certificate, '-inkey', key, '-out', output,
    ]); // prettier-ignore
    return { ...result, content: result.exitCode === 0 ? await readFile(output) : undefined };
  }

  async function opensslEncrypt(
    content: Buffer,
    cipher: GostEnvelopeCipher,
    algorithm: string,
    paramset: string,
  ) {
    const input = join(dir, `plain-${randomBytes(6).toString('hex')}`);
    await writeFile(input, content);
    const result = await run([
      'cms', '-encrypt', '-engine', 'gost', `-${cipher}`, '-binary', '-outform', 'DER', '-in', input,
      '-out', `${input}.p7m`, '-recip', files(algorithm, paramset).certificate,
    ]); // prettier-ignore
    expect(result.exitCode).toBe(0);
    return readFile(`${input}.p7m`);
  }

  describe.each(CIPHERS)('%s', (cipher) => {
    it.each(KEYS)('%s paramset %s: OpenSSL decrypts ours to the same bytes', async (algorithm, paramset) => {
      const content = randomBytes(OPENSSL_DECRYPTS[cipher] - 3);
      const { certificate } = await recipient(algorithm, paramset);
      const envelope = await encryptEnveloped(content, certificate, { cipher });
      const openssl = await opensslDecrypt(envelope, algorithm, paramset);
      expect(openssl.output).not.toContain('rror');
      expect(openssl.content?.equals(content)).toBe(true);
    });

    it.each(KEYS)(
      '%s paramset %s: ours decrypts what OpenSSL encrypts, across ACPKM sections',
      async (algorithm, paramset) => {
        const content = randomBytes(cipher === 'magma-ctr-acpkm' ? 40_000 + 5 : 300_000 + 5);
        const envelope = await opensslEncrypt(content, cipher, algorithm, paramset);
        const decrypted = await decryptEnveloped(envelope, await recipient(algorithm, paramset));
        expect(decrypted.equals(content)).toBe(true);
      },
    );
  });

  it("refuses an envelope for another recipient, and a key that is not the certificate's", async () => {
    const content = randomBytes(100);
    const envelope = await encryptEnveloped(content, (await recipient('gost2012_256', 'A')).certificate);
    await expect(decryptEnveloped(envelope, await recipient('gost2012_256', 'TCA'))).rejects.toMatchObject({
      code: 'RECIPIENT_NOT_FOUND',
    });
    const wrongKey = {
      certificate: (await recipient('gost2012_256', 'A')).certificate,
      privateKey: (await recipient('gost2012_256', 'TCA')).privateKey,
    };
    await expect(decryptEnveloped(envelope, wrongKey)).rejects.toMatchObject({
      code: 'KEY_CERTIFICATE_MISMATCH',
    });
  });

  it('refuses an altered key transport, and decrypts altered content to different bytes', async () => {
    const content = randomBytes(2000);
    const keys = await recipient('gost2012_512', 'A');
    const envelope = await encryptEnveloped(content, keys.certificate);

    const exportedAt = envelope.indexOf(Buffer.from([0x04, 0x30])); // the 48-byte KExp15 OCTET STRING
    const alteredKey = Buffer.from(envelope);
    alteredKey[exportedAt + 10] ^= 0x01;
    await expect(decryptEnveloped(alteredKey, keys)).rejects.toMatchObject({ code: 'KEY_UNWRAP_FAILED' });

    // CTR-ACPKM does not authenticate (the -omac variants would): a flipped bit flips the same bit.
    const alteredContent = Buffer.from(envelope);
    alteredContent[alteredContent.length - 7] ^= 0x01;
    const decrypted = await decryptEnveloped(alteredContent, keys);
    expect(decrypted.equals(content)).toBe(false);
    expect(decrypted[decrypted.length - 7] ^ content[content.length - 7]).toBe(0x01);
  });

  it('encrypts for several recipients at once, each of whom OpenSSL decrypts', async () => {
    const content = randomBytes(1000);
    const envelope = await encryptEnveloped(content, [
      (await recipient('gost2012_256', 'A')).certificate,
      (await recipient('gost2012_512', 'C')).certificate,
    ]);
    expect((await opensslDecrypt(envelope, 'gost2012_256', 'A')).content?.equals(content)).toBe(true);
    expect((await opensslDecrypt(envelope, 'gost2012_512', 'C')).content?.equals(content)).toBe(true);
    expect((await decryptEnveloped(envelope, await recipient('gost2012_512', 'C'))).equals(content)).toBe(
      true,
    );
  });

  it('carries a few megabytes: OpenSSL to ours and ours to ours', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 11);
    const keys = await recipient('gost2012_256', 'A');
    const fromOpenssl = await opensslEncrypt(content, 'kuznyechik-ctr-acpkm', 'gost2012_256', 'A');
    expect((await decryptEnveloped(fromOpenssl, keys)).equals(content)).toBe(true);
    const ours = await encryptEnveloped(content, keys.certificate);
    expect((await decryptEnveloped(ours, keys)).equals(content)).toBe(true);
  });

  it('writes an envelope in pieces of any size: the DER PKI.js writes for it, and it decrypts', async () => {
    // Three Kuznyechik sections and a bit, so pieces cross section boundaries at odd offsets.
    const content = randomBytes(3 * 256 * 1024 + 77);
    const keys = await recipient('gost2012_512', 'C');
    for (const cipher of CIPHERS) {
      const envelope = startEnveloped(content.length, keys.certificate, { cipher });
      const pieces = [envelope.header];
      for (let offset = 0, step = 1; offset < content.length; offset += step, step = step * 3 + 5)
        pieces.push(Buffer.from(envelope.encrypt(content.subarray(offset, offset + step))));
      envelope.close();
      const written = Buffer.concat(pieces);
      expect(written.length).toBe(envelope.size);
      const reencoded = new pkijs.ContentInfo({ schema: asn1js.fromBER(written).result }).toSchema().toBER();
      expect(Buffer.from(reencoded).equals(written)).toBe(true);
      expect((await decryptEnveloped(written, keys)).equals(content)).toBe(true);
      expect(() => envelope.encrypt(Buffer.alloc(1))).toThrow(RangeError);
    }
  });

  it("OpenSSL's decryption garbles content past its first section, its own envelopes too (gost-engine #529)", async () => {
    const content = randomBytes(8192);
    const own = await opensslEncrypt(content, 'kuznyechik-ctr-acpkm', 'gost2012_256', 'A');
    const ours = await encryptEnveloped(content, (await recipient('gost2012_256', 'A')).certificate);
    for (const envelope of [own, ours]) {
      const openssl = await opensslDecrypt(envelope, 'gost2012_256', 'A');
      expect(openssl.content?.subarray(0, 4096).equals(content.subarray(0, 4096))).toBe(true);
      expect(openssl.content?.subarray(4096).equals(content.subarray(4096))).toBe(false);
    }
  });
});
