import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Baselines, measureBaselines } from './pipeline/baselines';
import { pipelineChart } from './pipeline/chart';
import { FeedFollower } from './pipeline/feed-follower';
import { LargeDeclarationResult, runLargeDeclaration } from './pipeline/large-declaration';
import { runStep, StepResult } from './pipeline/open-loop';
import { peakRssOf } from './pipeline/process-usage';
import { repositoryRoot, startBenchStack } from './pipeline/stack';

/**
 * `npm run bench`, end to end: the four services on the real broker, database and token, driven at
 * stepped arrival rates (open loop) until the pipeline saturates, then at 80 % of the best rate
 * reached; per step the throughput, the latency of each stage and end to end, and the CPU each
 * service spent per filing (from /proc). The same series with two signers and two receipts
 * services shows how they scale. In the same run, what the parts allow (baselines.ts), and every
 * pipeline figure as a ratio to them; a 200 MB declaration through every service with each one's
 * peak RSS. Writes bench/results/pipeline.json and pipeline.svg (shown by docs/benchmarks.md).
 *
 * Settings: BENCH_RATES (filings/s per step, default 10,20,40,80,160,320,640), BENCH_STEP_SECONDS
 * (default 10), BENCH_DRAIN_SECONDS (default 60), BENCH_INSTANCES (default 1,2), BENCH_LARGE_MB
 * (default 200; 0 skips), BENCH_BASELINE_SECONDS (default 3).
 */
const list = (value: string | undefined, fallback: number[]) =>
  value
    ? value
        .split(',')
        .map(Number)
        .filter((n) => n > 0)
    : fallback;
const rates = list(process.env.BENCH_RATES, [10, 20, 40, 80, 160, 320, 640]);
const stepSeconds = Number(process.env.BENCH_STEP_SECONDS ?? 10);
const drainSeconds = Number(process.env.BENCH_DRAIN_SECONDS ?? 60);
const instanceCounts = list(process.env.BENCH_INSTANCES, [1, 2]);
const largeMegabytes = Number(process.env.BENCH_LARGE_MB ?? 200);
const baselineSeconds = Number(process.env.BENCH_BASELINE_SECONDS ?? 3);

interface Series {
  /** Instances of the signer and of the receipts service (one registry and one gateway). */
  instances: number;
  steps: StepResult[];
  /** The step at 80 % of the best throughput reached. */
  atEightyPercent: StepResult | null;
  best: StepResult;
  peakRssBytes: Record<string, number>;
}

const saturated = (step: StepResult) =>
  step.unfinished > 0 || step.throughputPerSecond < 0.85 * step.offeredPerSecond;

async function runSeries(instances: number): Promise<Series> {
  const stack = await startBenchStack({ instances });
  const feed = new FeedFollower(stack.gatewayUrl, stack.operatorKey);
  try {
    await feed.start();
    // Warm-up (JIT, connection pools, consumer assignments), not reported.
    await runStep(stack, feed, 10, 2, drainSeconds);
    const steps: StepResult[] = [];
    for (const rate of rates) {
      const step = await runStep(stack, feed, rate, stepSeconds, drainSeconds);
      steps.push(step);
      log(instances, step);
      if (saturated(step)) break;
    }
    const best = steps.reduce((a, b) => (b.throughputPerSecond > a.throughputPerSecond ? b : a));
    const eighty = Math.max(1, Math.round(0.8 * best.throughputPerSecond));
    const atEightyPercent = await runStep(stack, feed, eighty, stepSeconds, drainSeconds);
    log(instances, atEightyPercent, '(80 % of the best)');
    const peakRssBytes: Record<string, number> = {};
    for (const service of stack.services) {
      let key: string = service.name;
      for (let n = 2; peakRssBytes[key] !== undefined; n++) key = `${service.name}#${n}`;
      peakRssBytes[key] = await peakRssOf(service.process.pid ?? -1);
    }
    return { instances, steps, atEightyPercent, best, peakRssBytes };
  } finally {
    await feed.stop();
    await stack.stop();
  }
}

function log(instances: number, s: StepResult, note = ''): void {
  const e = s.latencyMs.endToEnd;
  process.stdout.write(
    `  [${instances}×] offered ${String(s.offeredPerSecond).padStart(4)}/s → ${String(s.throughputPerSecond).padStart(6)}/s ` +
      `finished ${s.finished}/${s.uploads} p50 ${e.p50} ms p99 ${e.p99} ms cpu ${s.cpuMsPerFilingTotal} ms/filing ${note}\n`,
  );
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ratio = (a: number, b: number) => (b > 0 ? Number((a / b).toFixed(4)) : null);

function table(baselines: Baselines, series: Series[], large: LargeDeclarationResult | null): string {
  const rows = [
    '| instances (signer, receipts) | best filings/s | at offered | p99 upload → answer at 80 % | CPU ms/filing (gateway, signer, receipts, registry) |',
    '|---|---|---|---|---|',
    ...series.map((s) => {
      const c = s.best.cpuMsPerFiling;
      return (
        `| ${s.instances} | ${s.best.throughputPerSecond} | ${s.best.offeredPerSecond} | ` +
        `${s.atEightyPercent?.latencyMs.endToEnd.p99 ?? '–'} ms (at ${s.atEightyPercent?.offeredPerSecond}/s) | ` +
        `${s.best.cpuMsPerFilingTotal} (${c.gateway}, ${c.signer}, ${c.receipts}, ${c.registry}) |`
      );
    }),
    '',
    '| baseline (same run) | per second | pipeline best ÷ baseline |',
    '|---|---|---|',
    ...(
      [
        ['Kafka 1-KB messages, produce (acks=all) + consume, kafkajs', baselines.kafkaMessagesPerSecond],
        ['PostgreSQL single-row INSERT transactions, 8 connections', baselines.postgresInsertsPerSecond],
        ['token (SoftHSM) raw ECDSA P-256 signatures', baselines.tokenSignaturesPerSecond],
        ["operator key's raw signatures (the signer's key)", baselines.operatorKeySignaturesPerSecond],
      ] as Array<[string, number]>
    ).map(
      ([name, value]) => `| ${name} | ${value} | ${ratio(series[0]?.best.throughputPerSecond ?? 0, value)} |`,
    ),
  ];
  if (large) {
    rows.push(
      '',
      `| ${large.megabytes} MB declaration | outcome | upload s | upload → answer s | peak RSS per service |`,
      '|---|---|---|---|---|',
      `| ${large.error ?? 'through'} | ${large.outcome ?? '–'} | ${large.uploadSeconds ?? '–'} | ${large.endToEndSeconds ?? '–'} | ` +
        `${Object.entries(large.peakRssBytes)
          .map(([name, bytes]) => `${name} ${mib(bytes)}`)
          .join(', ')} |`,
    );
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  process.stdout.write(`pipeline bench on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB\n`);
  const baselines = await measureBaselines(baselineSeconds);
  process.stdout.write(`  baselines ${JSON.stringify(baselines)}\n`);
  const series: Series[] = [];
  for (const instances of instanceCounts) series.push(await runSeries(instances));
  const large = largeMegabytes > 0 ? await runLargeDeclaration(largeMegabytes, 600) : null;
  if (large) process.stdout.write(`  large declaration ${JSON.stringify(large)}\n`);

  const scaling =
    series.length > 1
      ? ratio(series[series.length - 1].best.throughputPerSecond, series[0].best.throughputPerSecond)
      : null;
  const result = {
    bench: 'pipeline-throughput',
    at: new Date().toISOString(),
    machine,
    settings: { rates, stepSeconds, drainSeconds, instanceCounts },
    baselines,
    series,
    scalingWithInstances: scaling,
    ratios: {
      bestPerKafkaMessage: ratio(series[0]?.best.throughputPerSecond ?? 0, baselines.kafkaMessagesPerSecond),
      bestPerPostgresInsert: ratio(
        series[0]?.best.throughputPerSecond ?? 0,
        baselines.postgresInsertsPerSecond,
      ),
      bestPerOperatorKeySignature: ratio(
        series[0]?.best.throughputPerSecond ?? 0,
        baselines.operatorKeySignaturesPerSecond,
      ),
    },
    large,
  };
  const dir = join(repositoryRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'pipeline.json'), JSON.stringify(result, null, 2) + '\n');
  const caption = `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${result.at.slice(0, 10)}; one signer and one receipts service`;
  if (series[0]) await writeFile(join(dir, 'pipeline.svg'), pipelineChart([...series[0].steps], caption));
  process.stdout.write(`\n${table(baselines, series, large)}\n`);
  if (scaling !== null)
    process.stdout.write(
      `\nscaling: ${series[series.length - 1].instances} instances give ×${scaling} the throughput of ${series[0].instances}\n`,
    );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `pipeline-throughput: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
