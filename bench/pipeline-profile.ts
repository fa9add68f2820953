import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeCpuProfile, ProfileSummary } from './pipeline/cpu-profile-summary';
import { FeedFollower } from './pipeline/feed-follower';
import { runStep } from './pipeline/open-loop';
import { repositoryRoot, startBenchStack } from './pipeline/stack';

/**
 * `npm run bench:profile`: the four services under a steady open-loop load with V8's CPU profiler
 * (`node --cpu-prof`), and where each one's CPU went, written to bench/results/profile.md: what
 * the throughput work was steered by. Settings: BENCH_PROFILE_RATE (filings/s, default 2),
 * BENCH_PROFILE_SECONDS (default 30), GOST_NATIVE_ENGINE as for the services. The profiles cover
 * the whole life of each service, start-up included (its module loading shows as such).
 */
const rate = Number(process.env.BENCH_PROFILE_RATE ?? 2);
const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 30);

function table(summary: ProfileSummary, key: 'byPackage' | 'projectFrames', title: string): string {
  const rows = summary[key].map(
    (row) => `| ${row.name.replace(/\|/g, '\\|')} | ${row.ms} | ${(row.share * 100).toFixed(1)} % |`,
  );
  return [`| ${title} | CPU ms | share of busy |`, '| --- | --- | --- |', ...rows].join('\n');
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-cpu-profiles-'));
  process.env.TKS_CPU_PROF_DIR = dir;
  const stack = await startBenchStack({ instances: 1 });
  const feed = new FeedFollower(stack.gatewayUrl, stack.operatorKey);
  let finished = 0;
  try {
    await feed.start();
    const step = await runStep(stack, feed, rate, seconds, 120);
    finished = step.finished;
    process.stdout.write(
      `profiled ${step.finished} filings at ${rate}/s, cpu ${step.cpuMsPerFilingTotal} ms/filing\n`,
    );
  } finally {
    await feed.stop();
    await stack.stop();
  }
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  const summaries = await Promise.all(files.map((name) => summarizeCpuProfile(join(dir, name))));
  const sections = summaries
    .sort((a, b) => b.busyMs - a.busyMs)
    .map(
      (summary) =>
        `## ${summary.service}: ${summary.busyMs} ms busy\n\n` +
        `${table(summary, 'projectFrames', 'project function (inclusive)')}\n\n` +
        `${table(summary, 'byPackage', 'package (self)')}\n`,
    );
  const page =
    `# CPU profiles of the pipeline\n\nWritten by \`npm run bench:profile\` (\`bench/pipeline-profile.ts\`) on ` +
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${finished} filings at ${rate}/s for ${seconds} s ` +
    `plus a warm service start, each service under \`node --cpu-prof\`. Busy is CPU time outside idle, start-up ` +
    `included; a function's inclusive time counts what it calls.\n\n${sections.join('\n')}`;
  await writeFile(join(repositoryRoot, 'bench', 'results', 'profile.md'), page);
  process.stdout.write(`profiles in ${dir}; summary in bench/results/profile.md\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`pipeline-profile: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
