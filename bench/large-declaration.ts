import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { LargeDeclarationResult, runLargeDeclaration } from './pipeline/large-declaration';
import { repositoryRoot } from './pipeline/stack';

/**
 * One large declaration through the four services, alone (the same run as the end of
 * pipeline-throughput.ts, without the load series): each service's peak RSS, longest event-loop
 * stall and consumer-group joins while the filing goes through. BENCH_LARGE_MB (default 200),
 * BENCH_LARGE_TIMEOUT_SECONDS (default 900). Writes bench/results/large-declaration.json and the
 * "Large declaration" section of docs/benchmarks.md.
 */
const megabytes = Number(process.env.BENCH_LARGE_MB ?? 200);
const timeoutSeconds = Number(process.env.BENCH_LARGE_TIMEOUT_SECONDS ?? 900);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export function largeDeclarationTable(large: LargeDeclarationResult): string {
  const services = Object.keys(large.peakRssBytes);
  return [
    `${large.megabytes} MB declaration: ${large.error ?? `outcome ${large.outcome}`}; upload ${large.uploadSeconds ?? '–'} s, upload → outcome ${large.endToEndSeconds ?? '–'} s.`,
    '',
    '| service | peak RSS | longest event-loop stall | consumer group joins during the filing |',
    '|---|---|---|---|',
    ...services.map((name) => {
      const watch = large.watch[name];
      return `| ${name} | ${mib(large.peakRssBytes[name])} | ${watch ? `${watch.longestStallSeconds} s` : '–'} | ${watch?.groupJoins ?? '–'} |`;
    }),
  ].join('\n');
}

const BEGIN = '<!-- large-declaration:begin -->';
const END = '<!-- large-declaration:end -->';

async function main(): Promise<void> {
  const large = await runLargeDeclaration(megabytes, timeoutSeconds);
  process.stdout.write(`large declaration ${JSON.stringify(large)}\n`);
  const at = new Date().toISOString();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const dir = join(repositoryRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'large-declaration.json'),
    JSON.stringify({ bench: 'large-declaration', at, machine, large }, null, 2) + '\n',
  );
  const table = largeDeclarationTable(large);
  process.stdout.write(`\n${table}\n`);
  const page = join(repositoryRoot, 'docs', 'benchmarks.md');
  const text = await readFile(page, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin >= 0 && end > begin) {
    const section = `${BEGIN}\n\nLast run of \`bench/large-declaration.ts\`: ${at.slice(0, 16).replace('T', ' ')} UTC, ${machine}.\n\n${table}\n\n${END}`;
    await writeFile(page, text.slice(0, begin) + section + text.slice(end + END.length));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `large-declaration: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
