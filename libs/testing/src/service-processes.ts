import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { documentStoreEnvForTest } from './object-store';
import { withDeadline } from './wait';

const repositoryRoot = join(__dirname, '..', '..', '..');

export type ServiceName = 'gateway' | 'signer' | 'receipts' | 'registry';

/** How a process ended: an exit code, or the signal that killed it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningService {
  name: ServiceName;
  process: ChildProcess;
  output: () => string;
  /**
   * Settles when the process ends. Listened for from the moment of spawning: a process that
   * dies before anyone awaits this (a fault injected on the first event) is never missed.
   */
  exited: Promise<ProcessExit>;
  /** How it ended, or null while it runs. */
  exit: () => ProcessExit | null;
}

/**
 * Tests run side by side (and beside `npm start`): the metrics listeners take a free port each
 * unless a test names one; "service started" logs it as `metricsPort`.
 */
const ephemeralMetricsPorts = {
  SIGNER_METRICS_PORT: '0',
  RECEIPTS_METRICS_PORT: '0',
  REGISTRY_METRICS_PORT: '0',
};

/** The port a service's "service started" line names (`port` or `metricsPort`), once it has logged it. */
export function startedPort(service: RunningService): number {
  const line = service
    .output()
    .split('\n')
    .find((l) => l.includes('"message":"service started"'));
  const port = line && /"(?:port|metricsPort)":(\d+)/.exec(line);
  if (!port) throw new Error(`${service.name} has not logged its port yet`);
  return Number(port[1]);
}

/**
 * Starts a compiled service (npm run build) as its own process, the way `npm start` does.
 * `root` is the repository root: code that itself runs from dist/ (the benchmarks) passes it.
 */
/**
 * `TKS_CPU_PROF_DIR` makes every service started here write a V8 CPU profile there when it exits
 * (Node refuses --cpu-prof in NODE_OPTIONS): how the bench's costs were found.
 */
function profilingArguments(): string[] {
  const dir = process.env.TKS_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export function startService(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  root = repositoryRoot,
): RunningService {
  const child = spawn(
    process.execPath,
    [
      ...profilingArguments(),
      '-r',
      join(root, 'scripts', 'register-paths.js'),
      join(root, 'dist', 'services', name, 'src', 'main.js'),
    ],
    {
      env: { ...process.env, ...ephemeralMetricsPorts, ...env, ...documentStoreEnvForTest(env) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let ended: ProcessExit | null = null;
  const exited = new Promise<ProcessExit>((resolve) => {
    // Resolved once the output is read to the end ('close'), so what the process printed last
    // is in output(); a grandchild holding the pipes open delays that by two seconds at most.
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      const settle = () => resolve({ code, signal });
      child.once('close', settle);
      setTimeout(settle, 2_000).unref();
    });
    // A spawn that fails (no such binary) emits 'error' and may never emit 'exit'.
    child.once('error', () => {
      ended ??= { code: -1, signal: null };
      resolve(ended);
    });
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, process: child, output: () => output, exited, exit: () => ended };
}

function describeExit(service: RunningService): string {
  const ended = service.exit();
  const how = ended?.signal ? `signal ${ended.signal}` : `code ${ended?.code}`;
  return `${service.name} exited with ${how}:\n${service.output()}`;
}

/**
 * Sends SIGTERM and resolves with the exit code: null if it had to be killed after the grace
 * period, or if a signal had ended it already.
 */
export async function stopService(service: RunningService, graceMs = 30_000): Promise<number | null> {
  const ended = service.exit();
  if (ended) return ended.code;
  service.process.kill('SIGTERM');
  const timer = setTimeout(() => service.process.kill('SIGKILL'), graceMs);
  try {
    const { code } = await withDeadline(
      `${service.name} to exit after SIGTERM`,
      service.exited,
      graceMs + 10_000,
    );
    return code;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until a URL answers 200, failing early if the process died. */
export async function waitForHttp(url: string, service: RunningService, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.exit()) throw new Error(describeExit(service));
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${service.output()}`);
}

/**
 * Waits until a service's log shows `text` (e.g. "service started": its consumers joined and it
 * is taking work). Text logged before the process died still counts: a service that started
 * and then crashed on its first event did start.
 */
export async function waitForLog(service: RunningService, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.output().includes(text)) return;
    if (service.exit()) throw new Error(describeExit(service));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} did not log "${text}" within ${timeoutMs} ms:\n${service.output()}`);
}
