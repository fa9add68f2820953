import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
 * (default 10), BENCH_DRAIN_SECONDS (default 60), BENCH_SERIES (default native:1,js:1,native:2:
 * GOST natively or in JavaScript — the fallback, and the baseline of the native change — with that
 * many signer and receipts instances), BENCH_LARGE_MB (default 200; 0 skips),
 * BENCH_BASELINE_SECONDS (default 3).
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
/** `native:1` = one signer and one receipts service with native GOST; `js:1` = GOST in JavaScript. */
const seriesSpecs = (process.env.BENCH_SERIES ?? 'native:1,js:1,native:2').split(',').map((spec) => {
  const [gost, instances] = spec.split(':');
  if ((gost !== 'native' && gost !== 'js') || !(Number(instances) > 0))
    throw new Error(`BENCH_SERIES: bad ${spec}`);
  return { gost: gost as 'native' | 'js', instances: Number(instances) };
});
const largeMegabytes = Number(process.env.BENCH_LARGE_MB ?? 200);
const baselineSeconds = Number(process.env.BENCH_BASELINE_SECONDS ?? 3);

interface Series {
  /** Instances of the signer and of the receipts service (one registry and one gateway). */
  instances: number;
  gost: 'native' | 'js';
  steps: StepResult[];
  /** The step at 80 % of the best throughput reached. */
  atEightyPercent: StepResult | null;
  best: StepResult;
  peakRssBytes: Record<string, number>;
}

const saturated = (step: StepResult) =>
  step.unfinished > 0 || step.throughputPerSecond < 0.85 * step.offeredPerSecond;

async function runSeries(gost: 'native' | 'js', instances: number): Promise<Series> {
  const stack = await startBenchStack({ instances, env: gost === 'js' ? { GOST_NATIVE_ENGINE: 'off' } : {} });
  const feed = new FeedFollower(stack.gatewayUrl, stack.operatorKey);
  try {
    await feed.start();
    // Warm-up (JIT, connection pools, consumer assignments), not reported.
    await runStep(stack, feed, 10, 2, drainSeconds);
    const steps: StepResult[] = [];
    for (const rate of rates) {
      const step = await runStep(stack, feed, rate, stepSeconds, drainSeconds);
      steps.push(step);
      log(`${gost} ${instances}×`, step);
      if (saturated(step)) break;
    }
    const best = steps.reduce((a, b) => (b.throughputPerSecond > a.throughputPerSecond ? b : a));
    const eighty = Math.max(1, Math.round(0.8 * best.throughputPerSecond));
    const atEightyPercent = await runStep(stack, feed, eighty, stepSeconds, drainSeconds);
    log(`${gost} ${instances}×`, atEightyPercent, '(80 % of the best)');
    const peakRssBytes: Record<string, number> = {};
    for (const service of stack.services) {
      let key: string = service.name;
      for (let n = 2; peakRssBytes[key] !== undefined; n++) key = `${service.name}#${n}`;
      peakRssBytes[key] = await peakRssOf(service.process.pid ?? -1);
    }
    return { instances, gost, steps, atEightyPercent, best, peakRssBytes };
  } finally {
    await feed.stop();
    await stack.stop();
  }
}

function log(series: string, s: StepResult, note = ''): void {
  const e = s.latencyMs.endToEnd;
  process.stdout.write(
    `  [${series}] offered ${String(s.offeredPerSecond).padStart(4)}/s → ${String(s.throughputPerSecond).padStart(6)}/s ` +
      `finished ${s.finished}/${s.uploads} p50 ${e.p50} ms p99 ${e.p99} ms cpu ${s.cpuMsPerFilingTotal} ms/filing ${note}\n`,
  );
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ratio = (a: number, b: number) => (b > 0 ? Number((a / b).toFixed(4)) : null);

function table(baselines: Baselines, series: Series[], large: LargeDeclarationResult | null): string {
  const rows = [
    '| GOST | instances (signer, receipts) | best filings/s | at offered | p99 upload → answer at 80 % | CPU ms/filing (gateway, signer, receipts, registry) |',
    '|---|---|---|---|---|---|',
    ...series.map((s) => {
      const c = s.best.cpuMsPerFiling;
      return (
        `| ${s.gost} | ${s.instances} | ${s.best.throughputPerSecond} | ${s.best.offeredPerSecond} | ` +
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

/** The heading of the section bench/large-declaration.ts writes, which a full run keeps. */
const LARGE_SECTION = '## A large declaration through every service';

/** docs/benchmarks.md, rewritten by each full run so the page always shows the last one. */
function benchmarksPage(
  at: string,
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string },
  tables: string,
): string {
  return `# Benchmarks

Written by \`npm run bench\` (\`bench/pipeline-throughput.ts\`) on ${at.slice(0, 16).replace('T', ' ')} UTC, on
${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, with the broker, PostgreSQL
and SoftHSM on the same machine. The raw figures are in \`bench/results/pipeline.json\`.

![Throughput and latency against offered load](../bench/results/pipeline.svg)

What the figures mean:
- **Offered load** is open loop: uploads start at a fixed rate whether or not earlier ones are
  answered, as many clients filing at once do. A step lasts BENCH_STEP_SECONDS, then the bench waits
  for every outcome on the events feed. The series stops at the first step the pipeline cannot keep
  up with (finished below 85 % of offered, or filings still open after the drain time); one more step
  runs at 80 % of the best rate reached.
- **Best filings/s**: finished filings (an outcome recorded) per second, from the first upload sent to
  the last outcome, at the step that reached the most.
- **Latency**: upload sent → outcome read from the events feed, on the bench's clock; per stage (the
  gateway's recorded times, whole seconds at times) in the JSON.
- **CPU ms/filing**: CPU time (user + system, with children such as xmllint) each service spent
  during the step, from \`/proc/<pid>/stat\`, divided by the filings finished in it; it includes each
  service's background work (outbox relays, polling), so it falls as the rate rises.
- **GOST native / js**: OpenSSL's GOST engine in the services (the default) or the JavaScript
  fallback (\`GOST_NATIVE_ENGINE=off\`), run as the baseline of that change.
- **Baselines** are measured in the same run: what the broker, the database and the keys allow alone.
- **Where the CPU goes**: \`npm run bench:profile\` profiles the four services under the same kind of
  load and writes the costliest functions and packages of each to \`bench/results/profile.md\`.

${tables}
`;
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
  for (const spec of seriesSpecs) series.push(await runSeries(spec.gost, spec.instances));
  const large = largeMegabytes > 0 ? await runLargeDeclaration(largeMegabytes, 600) : null;
  if (large) process.stdout.write(`  large declaration ${JSON.stringify(large)}\n`);

  const native = series.filter((s) => s.gost === 'native');
  const js = series.find((s) => s.gost === 'js' && s.instances === 1);
  const scaling =
    native.length > 1
      ? ratio(native[native.length - 1].best.throughputPerSecond, native[0].best.throughputPerSecond)
      : null;
  const nativeOverJs =
    js && native[0] ? ratio(native[0].best.throughputPerSecond, js.best.throughputPerSecond) : null;
  const cpuJsOverNative =
    js && native[0] ? ratio(js.best.cpuMsPerFilingTotal, native[0].best.cpuMsPerFilingTotal) : null;
  const result = {
    bench: 'pipeline-throughput',
    at: new Date().toISOString(),
    machine,
    settings: { rates, stepSeconds, drainSeconds, series: seriesSpecs },
    baselines,
    series,
    scalingWithInstances: scaling,
    nativeOverJavaScriptThroughput: nativeOverJs,
    javaScriptOverNativeCpuPerFiling: cpuJsOverNative,
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
  const caption = `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${result.at.slice(0, 10)}; one signer and one receipts service, GOST ${series[0]?.gost}`;
  if (series[0]) await writeFile(join(dir, 'pipeline.svg'), pipelineChart([...series[0].steps], caption));
  const tables = table(baselines, series, large);
  process.stdout.write(`\n${tables}\n`);
  const page = join(repositoryRoot, 'docs', 'benchmarks.md');
  // The large-declaration section is bench/large-declaration.ts' own, kept as it stands.
  const previous = await readFile(page, 'utf8').catch(() => '');
  const kept = previous.indexOf(LARGE_SECTION);
  await writeFile(
    page,
    benchmarksPage(result.at, machine, tables) + (kept >= 0 ? `\n${previous.slice(kept)}` : ''),
  );
  if (scaling !== null) {
    const [first, last] = [native[0], native[native.length - 1]];
    process.stdout.write(
      `\nscaling: ${last.instances} instances give ×${scaling} the throughput of ${first.instances}\n`,
    );
  }
  if (nativeOverJs !== null) {
    process.stdout.write(
      `native GOST: ×${nativeOverJs} the throughput of JavaScript GOST, ×${cpuJsOverNative} less CPU per filing\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `pipeline-throughput: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
