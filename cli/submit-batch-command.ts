import { SingleBar, Presets } from 'cli-progress';
import { parseArgs } from 'node:util';
import { BatchResult, declarationFiles, submitBatch } from './batch-submit';
import { GatewayClient } from './gateway-client';

export const submitBatchUsage = `  tks submit DIR|FILE… --subscriber ID [--concurrency N] [--timeout-seconds S] [--json]
      several declarations (each DIR's *.xml; a taxpayer's signature from <file>.sig beside it),
      N at a time (default 4), each waited for until the tax office decides; a progress bar on a
      terminal, then a summary; exit 0 only when every one was accepted. Safe to re-run: a
      declaration the gateway already has (same ИдФайл) is reported, not filed twice`;

/** A batch: more than one path, a directory, or --concurrency (see main.ts). */
export async function runSubmitBatchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      subscriber: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      'timeout-seconds': { type: 'string', default: '300' },
      json: { type: 'boolean', default: false },
      gateway: { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  const concurrency = Number(values.concurrency);
  if (positionals.length === 0 || !values.subscriber || !Number.isInteger(concurrency) || concurrency < 1) {
    process.stderr.write(
      `submit needs DIR|FILE…, --subscriber ID and --concurrency N ≥ 1\n\n${submitBatchUsage}\n`,
    );
    return 2;
  }
  const files = await declarationFiles(positionals);
  const client = new GatewayClient(
    values.gateway ?? process.env.TKS_GATEWAY_URL ?? 'http://127.0.0.1:3000',
    values['api-key'] ?? process.env.TKS_API_KEY,
  );
  // The bar only on a terminal: a pipe or a log file gets the summary alone.
  const bar = process.stderr.isTTY
    ? new SingleBar(
        {
          format: 'submit [{bar}] {value}/{total}  accepted {accepted}  other {other}',
          stream: process.stderr,
        },
        Presets.shades_classic,
      )
    : null;
  let accepted = 0;
  let done = 0;
  bar?.start(files.length, 0, { accepted, other: 0 });
  const results = await submitBatch(client, files, {
    subscriberId: values.subscriber,
    concurrency,
    timeoutMs: Number(values['timeout-seconds']) * 1000,
    onDone: (result) => {
      done++;
      if (result.outcome === 'accepted') accepted++;
      bar?.update(done, { accepted, other: done - accepted });
    },
  });
  bar?.stop();
  const allAccepted = results.every((r) => r.outcome === 'accepted');
  process.stdout.write(
    (values.json ? JSON.stringify({ allAccepted, results }, null, 2) : summaryTable(results)) + '\n',
  );
  return allAccepted ? 0 : 1;
}

/** One line per declaration, then the count of each outcome. */
export function summaryTable(results: readonly BatchResult[]): string {
  const rows = results.map((r) => [r.file, r.outcome, r.progress ?? '—', r.filingId ?? '—', r.reason ?? '']);
  const header = ['file', 'outcome', 'progress', 'filing', 'reason'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const total = [...counts].map(([outcome, n]) => `${outcome} ${n}`).join(', ');
  return [line(header), ...rows.map(line), '', `${results.length} declarations: ${total}`].join('\n');
}
