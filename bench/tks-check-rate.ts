import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNdfl3Declaration, buildNdfl6Declaration, buildUsnDeclaration } from '../libs/xml/src/fixtures';

/**
 * `tks check` on a folder as a quarter's worth of an accountant's files: BENCH_CHECK_FILES (default
 * 1000) declarations of three forms (УСН 5.09, 6-НДФЛ 5.05, 3-НДФЛ 5.20), one in ten breaking a
 * control rule, checked by the compiled command in one process. Prints files per second.
 */
const count = Number(process.env.BENCH_CHECK_FILES ?? 1000);
const company = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' };

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-check-bench-'));
  try {
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const d =
        i % 3 === 0
          ? buildUsnDeclaration(company)
          : i % 3 === 1
            ? buildNdfl6Declaration(company)
            : buildNdfl3Declaration();
      // One in ten УСН declarations breaks its ОбНал rule (0400300003).
      const body =
        i % 30 === 0
          ? Buffer.from(d.text.replace('<УСН ОбНал="1">', '<УСН ОбНал="2">').replace('windows-1251', 'UTF-8'))
          : d.bytes;
      bytes += body.length;
      await writeFile(join(dir, d.fileName), body);
    }
    // From dist/bench/: the command as installed (cli/bin/tks.js runs the compiled dist/cli/main.js).
    const cli = join(__dirname, '..', '..', 'cli', 'bin', 'tks.js');
    const started = performance.now();
    const run = spawnSync(process.execPath, [cli, 'check', dir, '--json'], { maxBuffer: 1 << 30 });
    const seconds = (performance.now() - started) / 1000;
    if (run.stdout.length === 0) throw new Error(`tks check failed: ${run.stderr.toString()}`);
    const report = JSON.parse(run.stdout.toString()) as { accepted: number; refused: number };
    process.stdout.write(
      JSON.stringify({
        bench: 'tks-check-rate',
        files: count,
        megabytes: +(bytes / 1024 / 1024).toFixed(1),
        accepted: report.accepted,
        refused: report.refused,
        exitCode: run.status,
        seconds: +seconds.toFixed(2),
        filesPerSecond: Math.round(count / seconds),
      }) + '\n',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
