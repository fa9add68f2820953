import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import type { BatchResult } from '../../cli/batch-submit';
import type { FeedEvent } from '../../cli/watch-command';
import { sharedStep } from '@tks/testing';
import {
  registerSignedSubscriber,
  RunningPipeline,
  SignedSubscriber,
  startPipeline,
} from './support/running-pipeline';

const cli = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const registerPaths = join(__dirname, '..', '..', 'scripts', 'register-paths.js');

/** Runs `tks` as a user would; resolves with its exit code and output, whatever the code. */
function tks(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', registerPaths, cli, ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * `tks submit DIR --concurrency N` on a folder of signed declarations: each waited for until the
 * tax office decides, a summary, exit 0 only when all were accepted, and a re-run that files
 * nothing twice; `tks watch` shows the same filings' changes from the events feed.
 */
describe('tks submit on a folder and tks watch', () => {
  let pipeline: RunningPipeline<'operator'>;
  let subscriber: SignedSubscriber;
  let env: NodeJS.ProcessEnv;
  let folder: string;

  beforeAll(async () => {
    pipeline = await startPipeline({ operator: { role: 'operator' } });
    subscriber = await registerSignedSubscriber(pipeline.gatewayUrl, pipeline.keys.operator, {
      name: 'ПАО Сбербанк',
      inn: '7707083893',
      kpp: '773601001',
      ogrn: '1027700132195',
    });
    env = { ...process.env, TKS_GATEWAY_URL: pipeline.gatewayUrl, TKS_API_KEY: pipeline.keys.operator };
    folder = await mkdtemp(join(tmpdir(), 'tks-e2e-batch-'));
    // 9991 always accepts; each declaration has its taxpayer's signature beside it.
    for (let i = 0; i < 4; i++) {
      const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '9991' });
      await writeFile(join(folder, declaration.fileName), declaration.bytes);
      await writeFile(
        join(folder, `${declaration.fileName}.sig`),
        await subscriber.signer.sign(declaration.bytes),
      );
    }
  });

  afterAll(() => pipeline?.stop());

  /** The folder's first run, made once by the first test that needs it; later runs find its filings. */
  const firstRun = sharedStep(() =>
    tks(['submit', folder, '--subscriber', subscriber.subscriberId, '--concurrency', '3', '--json'], env),
  );
  const firstResults = async () =>
    (JSON.parse((await firstRun()).stdout) as { results: BatchResult[] }).results;

  it('files every declaration of the folder, waits for the decisions and exits 0 when all are accepted', async () => {
    const run = await firstRun();
    expect(run.stderr).toBe('');
    const summary = JSON.parse(run.stdout) as { allAccepted: boolean; results: BatchResult[] };
    expect(summary.results.map((r) => r.outcome)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(summary.allAccepted).toBe(true);
    expect(run.code).toBe(0);
  });

  it('files nothing twice when run again, and prints a table', async () => {
    const first = await firstResults();
    const run = await tks(
      ['submit', folder, '--subscriber', subscriber.subscriberId, '--concurrency', '2'],
      env,
    );
    expect(run.code).toBe(0);
    for (const result of first) expect(run.stdout).toContain(result.filingId);
    expect(run.stdout).toMatch(/^file\s+outcome\s+progress\s+filing\s+reason$/m);
    expect(run.stdout).toContain('4 declarations: accepted 4');
  });

  it('exits 1 and names the reason when a declaration is refused', async () => {
    const first = await firstResults();
    const unsigned = await mkdtemp(join(tmpdir(), 'tks-e2e-batch-'));
    const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '9991' });
    await writeFile(join(unsigned, declaration.fileName), declaration.bytes);
    // Another taxpayer's signature: refused at intake (the signer is not the subscriber's).
    await writeFile(join(unsigned, `${declaration.fileName}.sig`), Buffer.from('not a signature'));
    const run = await tks(
      ['submit', unsigned, first[0].file, '--subscriber', subscriber.subscriberId, '--json'],
      env,
    );
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as { allAccepted: boolean; results: BatchResult[] };
    expect(summary.allAccepted).toBe(false);
    expect(summary.results[0]).toMatchObject({
      outcome: expect.stringMatching(/refused|failed/),
      reason: expect.any(String),
    });
    expect(summary.results[1]).toMatchObject({ outcome: 'accepted', filingId: first[0].filingId });
  });

  it('follows the events feed with tks watch --json', async () => {
    // The feed's first events are the first run's: they were filed before anything else.
    const first = await firstResults();
    const run = await tks(['watch', '--json', '--count', '8'], env);
    expect(run.code).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as FeedEvent);
    expect(events).toHaveLength(8);
    const cursors = events.map((e) => BigInt(e.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(events.every((e) => first.some((r) => r.filingId === e.filingId))).toBe(true);
  });
});
