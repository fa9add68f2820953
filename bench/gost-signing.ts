import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGostEngine, GostSignPool, loadKeyFileIdentity, signDetached } from '@tks/crypto';
import { parseSigningKey } from '@tks/platform';

/**
 * GOST R 34.10-2012 (256) signing in pure JavaScript against the OpenSSL GOST engine, measured in
 * the same run on the same key (`npm run bench`): raw signatures, CAdES-BES signatures in-thread
 * and on the worker pool the services use, and Streebog throughput; each as a ratio to OpenSSL.
 *
 * OpenSSL 3.0's `speed` cannot time GOST signatures, and `dgst -sign` signs one file per process,
 * so the native rate is timed `openssl dgst -sign` runs minus as many runs that load the engine and
 * decrypt the same key without signing (`openssl pkey -noout`): an estimate, noisy on a busy machine.
 *
 * Settings: BENCH_SECONDS per measurement (default 3), BENCH_CONCURRENCY for the pool (default 8),
 * BENCH_OPENSSL_RUNS (default 200), OPERATOR_SIGNING_KEY (a file: key; default $TKS_KEYS_DIR/operator).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const opensslRuns = Number(process.env.BENCH_OPENSSL_RUNS ?? 200);
const run = promisify(execFile);

async function rate(task: () => Promise<unknown>, parallel: number, durationMs: number): Promise<number> {
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await task();
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return done / ((performance.now() - started) / 1000);
}

async function timed(times: number, args: readonly string[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < times; i += 1) await run('openssl', args);
  return (performance.now() - started) / 1000;
}

function keyFiles() {
  const setting = process.env.OPERATOR_SIGNING_KEY;
  const key = parseSigningKey(setting?.startsWith('file:') ? setting : `file:${keysDir()}/operator`);
  if (key.backend !== 'file') throw new Error('unreachable');
  return key;
}

function keysDir(): string {
  const dir = process.env.TKS_KEYS_DIR;
  if (!dir) throw new Error('TKS_KEYS_DIR is not set: source infra/env.sh');
  return dir;
}

async function main(): Promise<void> {
  const files = keyFiles();
  const identity = await loadKeyFileIdentity('operator', files);
  const inThread = createGostEngine();
  const pool = new GostSignPool({ size: Number(process.env.GOST_SIGNING_THREADS ?? 0) || undefined });
  const pooled = createGostEngine(pool);
  const dir = await mkdtemp(join(tmpdir(), 'tks-bench-gost-'));
  try {
    // A declaration-sized document, as in signer-throughput.ts.
    const content = randomBytes(64 * 1024);
    const attributes = randomBytes(200); // what a CAdES signature signs: the DER of its signed attributes
    const raw = () =>
      inThread.signWithPrivateKey(attributes, identity.privateKey, { algorithm: { name: 'x' } });
    const cades = (engine: ReturnType<typeof createGostEngine>) => () =>
      signDetached({
        content,
        certificate: identity.certificateDer,
        privateKey: identity.privateKey,
        engine,
        signingTime: new Date(),
        hash: 'GOST R 34.11-2012-256',
      });
    const ms = seconds * 1000;
    await rate(raw, 1, 300);
    await rate(cades(pooled), concurrency, 300);
    const rawRate = await rate(raw, 1, ms);
    const cadesRate = await rate(cades(inThread), 1, ms);
    const pooledRate = await rate(cades(pooled), concurrency, ms);

    const big = randomBytes(16 << 20);
    const started = performance.now();
    await inThread.digest({ name: 'GOST R 34.11-2012-256' }, big);
    const streebogMBs = 16 / ((performance.now() - started) / 1000);

    // OpenSSL: the same encrypted key file and password file, nothing decrypted to disk.
    const small = join(dir, 'attributes');
    await writeFile(small, attributes);
    const bigFile = join(dir, 'big');
    await writeFile(bigFile, big);
    const dgst = ['dgst', '-engine', 'gost', '-md_gost12_256', '-out', join(dir, 'out')];
    const sign = [...dgst, '-sign', files.keyFile, '-passin', `file:${files.passwordFile}`, small];
    await timed(5, sign);
    const signSeconds = await timed(opensslRuns, sign);
    // The same process without the signature: engine loaded, key decrypted and read, nothing signed.
    const load = [
      'pkey',
      '-engine',
      'gost',
      '-in',
      files.keyFile,
      '-passin',
      `file:${files.passwordFile}`,
      '-noout',
    ];
    const baseSeconds = await timed(opensslRuns, load);
    // A native signature (~0.1 ms) can be shorter than the noise of starting 200 processes: then the
    // difference is not positive and the rate cannot be estimated this way (null, not a huge number).
    const opensslSignRate = signSeconds > baseSeconds ? opensslRuns / (signSeconds - baseSeconds) : null;
    const hashBase = await timed(3, [...dgst, small]);
    const bigSeconds = await timed(3, [...dgst, bigFile]);
    const opensslStreebogMBs = (3 * 16) / Math.max(bigSeconds - hashBase, 1e-6);

    const rows: Array<[string, number | null, string]> = [
      ['OpenSSL GOST engine, raw signatures (est.)', opensslSignRate, '/s'],
      ['ours, raw signatures, in-thread', rawRate, '/s'],
      ['ours, CAdES-BES 64 KiB, in-thread, 1 at a time', cadesRate, '/s'],
      [`ours, CAdES-BES 64 KiB, pool of ${pool.size}, ${concurrency} in flight`, pooledRate, '/s'],
      ['OpenSSL Streebog-256', opensslStreebogMBs, 'MB/s'],
      ['ours, Streebog-256', streebogMBs, 'MB/s'],
    ];
    process.stdout.write(`GOST R 34.10-2012 (256) signing, ${files.keyFile}, ${seconds} s per measurement\n`);
    for (const [name, value, unit] of rows) {
      const shown = value === null ? 'n/a' : value.toFixed(0);
      process.stdout.write(`  ${name.padEnd(54)} ${shown.padStart(7)} ${unit}\n`);
    }
    const ratio = (value: number, reference: number | null) =>
      reference === null ? null : Number((value / reference).toFixed(3));
    process.stdout.write(
      `  ratio ours / OpenSSL: raw ${ratio(rawRate, opensslSignRate)}, CAdES-BES in-thread ` +
        `${ratio(cadesRate, opensslSignRate)}, CAdES-BES on the pool ${ratio(pooledRate, opensslSignRate)}, ` +
        `Streebog ${ratio(streebogMBs, opensslStreebogMBs)}\n`,
    );
    process.stdout.write(
      JSON.stringify({
        bench: 'gost-signing',
        opensslSignPerSecond: opensslSignRate === null ? null : Math.round(opensslSignRate),
        rawPerSecond: Math.round(rawRate),
        cadesPerSecond: Math.round(cadesRate),
        cadesPoolPerSecond: Math.round(pooledRate),
        poolSize: pool.size,
        concurrency,
        streebogMBs: Number(streebogMBs.toFixed(1)),
        opensslStreebogMBs: Number(opensslStreebogMBs.toFixed(1)),
        ratioRaw: ratio(rawRate, opensslSignRate),
        ratioCades: ratio(cadesRate, opensslSignRate),
        ratioCadesPool: ratio(pooledRate, opensslSignRate),
        ratioStreebog: ratio(streebogMBs, opensslStreebogMBs),
      }) + '\n',
    );
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`gost-signing: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
