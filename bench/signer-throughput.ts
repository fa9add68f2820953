import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { openPkcs11Provider, signDetached } from '@tks/crypto';

/**
 * The signer's CAdES-BES signatures per second against the raw ECDSA rate of the same token key,
 * measured in the same run (`npm run bench`). The ratio says how much the CMS work around the one
 * token operation costs; 1.0 would mean signing is bound by the token alone.
 *
 * Settings: BENCH_SECONDS per measurement (default 3), BENCH_CONCURRENCY for the parallel run
 * (default 8, as a signer consuming several partitions would sign), and the token key: the label of
 * OPERATOR_SIGNING_KEY when it is `pkcs11:<label>`, else `operator` (GOST key files: gost-signing.ts).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const operatorKey = process.env.OPERATOR_SIGNING_KEY ?? '';
const keyLabel = operatorKey.startsWith('pkcs11:') ? operatorKey.slice('pkcs11:'.length) : 'operator';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source infra/env.sh`);
  return value;
}

/** Runs `task` with `parallel` workers for the given time and returns completed tasks per second. */
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

async function main(): Promise<void> {
  const pinFile = process.env.PKCS11_PIN_FILE;
  const pin = pinFile ? (await readFile(pinFile, 'utf8')).replace(/\r?\n$/, '') : required('PKCS11_PIN');
  const provider = await openPkcs11Provider({
    library: required('PKCS11_LIBRARY'),
    tokenLabel: required('PKCS11_TOKEN_LABEL'),
    pin,
  });
  try {
    const identity = await provider.findSigningIdentity(keyLabel);
    // A declaration-sized document (bookkeeping software writes tens of kilobytes).
    const content = randomBytes(64 * 1024);
    const digest = new Uint8Array(32);
    const raw = () => provider.engine.sign({ name: 'ECDSA', hash: 'SHA-256' }, identity.privateKey, digest);
    const cades = () =>
      signDetached({
        content,
        certificate: identity.certificateDer,
        privateKey: identity.privateKey,
        engine: provider.engine,
        signingTime: new Date(),
      });
    const ms = seconds * 1000;
    await rate(raw, 1, 500);
    await rate(cades, 1, 500);
    const rawSerial = await rate(raw, 1, ms);
    const cadesSerial = await rate(cades, 1, ms);
    const cadesParallel = await rate(cades, concurrency, ms);
    const algorithm = `${identity.privateKey.algorithm.name} (key "${keyLabel}")`;
    const rows: Array<[string, number]> = [
      ['raw token signs, 1 at a time', rawSerial],
      ['CAdES-BES signatures, 1 at a time', cadesSerial],
      [`CAdES-BES signatures, ${concurrency} in flight`, cadesParallel],
    ];
    process.stdout.write(`signer throughput, ${algorithm}, ${seconds} s per measurement\n`);
    for (const [name, value] of rows) {
      process.stdout.write(`  ${name.padEnd(40)} ${value.toFixed(0).padStart(6)} /s\n`);
    }
    process.stdout.write(
      `  ratio CAdES-BES / raw: ${(cadesSerial / rawSerial).toFixed(2)} serial, ` +
        `${(cadesParallel / rawSerial).toFixed(2)} with ${concurrency} in flight\n`,
    );
    process.stdout.write(
      JSON.stringify({
        bench: 'signer-throughput',
        rawPerSecond: Math.round(rawSerial),
        cadesPerSecond: Math.round(cadesSerial),
        cadesParallelPerSecond: Math.round(cadesParallel),
        concurrency,
        ratio: Number((cadesSerial / rawSerial).toFixed(3)),
        ratioParallel: Number((cadesParallel / rawSerial).toFixed(3)),
      }) + '\n',
    );
  } finally {
    await provider.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`signer-throughput: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
