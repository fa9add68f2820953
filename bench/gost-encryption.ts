import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decryptEnveloped, encryptEnveloped, GostEnvelopeCipher } from '@tks/crypto';

/**
 * GOST CMS encryption rate (MB/s) of encryptEnveloped against `openssl cms -encrypt` with the GOST
 * engine on the same content and certificate, measured in the same run (`npm run bench`). OpenSSL's
 * figure includes starting the process and reading and writing files, as a caller shelling out to it
 * would pay; ours is in-process. Peak RSS growth shows the memory cost of the in-memory API.
 *
 * Settings: BENCH_GOST_MB, the content size (default 4).
 */
const run = promisify(execFile);
const megabytes = Number(process.env.BENCH_GOST_MB ?? 4);
const CIPHERS: readonly GostEnvelopeCipher[] = ['kuznyechik-ctr-acpkm', 'magma-ctr-acpkm'];

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-bench-gost-'));
  try {
    const certificateFile = join(dir, 'recipient.pem');
    const keyFile = join(dir, 'recipient.key');
    await run('openssl', [
      'req', '-x509', '-engine', 'gost', '-newkey', 'gost2012_256', '-pkeyopt', 'paramset:A', '-nodes',
      '-keyout', keyFile, '-out', certificateFile, '-subj', '/CN=Bench tax office/C=RU', '-days', '1',
      '-md_gost12_256',
    ]); // prettier-ignore
    const certificate = await readFile(certificateFile, 'utf8');
    const privateKey = await readFile(keyFile, 'utf8');
    const content = randomBytes(megabytes * 1024 * 1024);
    const contentFile = join(dir, 'content.bin');
    await writeFile(contentFile, content);

    process.stdout.write(
      `GOST CMS encryption, ${megabytes} MB, GOST R 34.10-2012 256 (CryptoPro A) recipient\n`,
    );
    const results: Record<string, number> = {};
    for (const cipher of CIPHERS) {
      const rssBefore = process.memoryUsage().rss;
      let envelope: Buffer = Buffer.alloc(0);
      const ours = await timed(async () => {
        envelope = await encryptEnveloped(content, certificate, { cipher });
      });
      const rssGrowth = (process.memoryUsage().rss - rssBefore) / (1024 * 1024);
      const decrypted = await decryptEnveloped(envelope, { certificate, privateKey });
      if (!decrypted.equals(content))
        throw new Error(`${cipher}: the envelope does not decrypt to the content`);
      const openssl = await timed(
        () =>
        run('openssl', [
          'cms', '-encrypt', '-engine', 'gost', `-${cipher}`, '-binary', '-outform', 'DER',
          '-in', contentFile, '-out', join(dir, `${cipher}.p7m`), '-recip', certificateFile,
        ]), // prettier-ignore
      );
      results[`${cipher}.ours`] = megabytes / ours;
      results[`${cipher}.openssl`] = megabytes / openssl;
      process.stdout.write(
        `  ${cipher.padEnd(22)} ours ${(megabytes / ours).toFixed(2).padStart(7)} MB/s   ` +
          `openssl cms ${(megabytes / openssl).toFixed(2).padStart(7)} MB/s   ` +
          `ratio ${(openssl / ours).toFixed(3)}   RSS +${rssGrowth.toFixed(0)} MB\n`,
      );
    }
    process.stdout.write(
      JSON.stringify({ bench: 'gost-encryption', megabytes, mbPerSecond: results }) + '\n',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`gost-encryption: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
