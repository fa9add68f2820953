import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDeclaration, loadSchemaRegistry, validateAgainstXsd, validateFileAgainstXsd } from '@tks/xml';
import { memoryOf, mib, writeLargeUsnDeclaration } from './gateway-bench-support';

/**
 * The measurement behind docs/decisions/0003-xsd-validation.md: libxmljs2 in process (decode,
 * then parse and validate a DOM) against `xmllint --stream --schema` in a child process, on the
 * same valid УСН declarations of BENCH_XSD_SIZES_MB (default 10,50). Each libxmljs2 run is a fresh
 * Node process, so its peak RSS is its own.
 */
const sizes = (process.env.BENCH_XSD_SIZES_MB ?? '10,50').split(',').map(Number);
const schemaDir = join(__dirname, '..', '..', 'schemas');

async function inProcess(file: string, xsd: string): Promise<void> {
  const started = performance.now();
  const decoded = decodeDeclaration(await readFile(file), { maxBytes: Number.MAX_SAFE_INTEGER });
  if (!decoded.ok) throw new Error(decoded.error.message);
  const result = validateAgainstXsd(decoded.value.text, xsd);
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ok: result.ok, ms, maxRss: process.resourceUsage().maxRSS * 1024 }));
}

function run(command: string, args: string[]): Promise<{ out: string; peak: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peak = 0;
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setInterval(() => {
      void memoryOf(child.pid as number).then((m) => (peak = Math.max(peak, m?.hwm ?? 0)));
    }, 10);
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(timer);
      resolve({ out, peak, ms: performance.now() - started });
    });
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--in-process')
    return inProcess(process.argv[3] as string, process.argv[4] as string);
  const schema = loadSchemaRegistry(schemaDir).find('1152017', '5.09');
  if (!schema) throw new Error('no УСН schema');
  const dir = await mkdtemp(join(tmpdir(), 'tks-bench-xsd-'));
  try {
    for (const size of sizes) {
      const file = join(dir, `${size}.xml`);
      const { size: bytes } = await writeLargeUsnDeclaration(file, size * 1024 * 1024);
      const libxml = await run(process.execPath, [
        '-r',
        join(__dirname, '..', '..', 'scripts', 'register-paths.js'),
        __filename,
        '--in-process',
        file,
        schema.xsdPath,
      ]);
      const measured = JSON.parse(libxml.out) as { ok: boolean; ms: number; maxRss: number };
      const started = performance.now();
      const streamed = await validateFileAgainstXsd(file, schema.xsdPath);
      const streamedMs = performance.now() - started;
      const xmllint = await run('xmllint', ['--noout', '--stream', '--schema', schema.xsdPath, file]);
      console.log(
        `xsd ${mib(bytes)}: libxmljs2 in process ${measured.ok ? 'valid' : 'INVALID'} ${(measured.ms / 1000).toFixed(2)} s, peak RSS ${mib(measured.maxRss)}; ` +
          `xmllint --stream ${streamed.ok ? 'valid' : 'INVALID'} ${(streamedMs / 1000).toFixed(2)} s, peak RSS ${mib(xmllint.peak)}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
