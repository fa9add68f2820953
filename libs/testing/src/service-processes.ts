import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

export type ServiceName = 'gateway' | 'signer' | 'receipts' | 'registry';

export interface RunningService {
  name: ServiceName;
  process: ChildProcess;
  output: () => string;
}

/** Starts a compiled service (npm run build) as its own process, the way `npm start` does. */
export function startService(name: ServiceName, env: NodeJS.ProcessEnv): RunningService {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(root, 'scripts', 'register-paths.js'),
      join(root, 'dist', 'services', name, 'src', 'main.js'),
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, process: child, output: () => output };
}

/** Sends SIGTERM and resolves with the exit code, or null if it had to be killed after the grace period. */
export async function stopService(service: RunningService, graceMs = 30_000): Promise<number | null> {
  const child = service.process;
  if (child.exitCode !== null) return child.exitCode;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

/** Waits until a URL answers 200, failing early if the process died. */
export async function waitForHttp(url: string, service: RunningService, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.process.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.process.exitCode}:\n${service.output()}`);
    }
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${service.output()}`);
}

/** Waits until a service's log shows it started (its consumers joined and it is taking work). */
export async function waitForLog(service: RunningService, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.output().includes(text)) return;
    if (service.process.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.process.exitCode}:\n${service.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} did not log "${text}" within ${timeoutMs} ms:\n${service.output()}`);
}
