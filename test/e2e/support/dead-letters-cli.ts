import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeadLetter } from '@tks/messaging';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');

export interface ListedDeadLetter {
  position: string;
  id: string;
  occurredAt: string;
  letter: DeadLetter;
}

/** `tks admin dead-letters …` as an operator runs it, against a namespace's topics on a broker. */
async function tks(brokers: string[], namespace: string, args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['-r', './scripts/register-paths.js', 'dist/cli/main.js', 'admin', 'dead-letters', ...args],
    { cwd: root, env: { ...process.env, KAFKA_BROKERS: brokers.join(','), TKS_NAMESPACE: namespace } },
  );
  return stdout;
}

export async function listDeadLetters(brokers: string[], namespace: string): Promise<ListedDeadLetter[]> {
  return JSON.parse(await tks(brokers, namespace, ['list', '--json'])) as ListedDeadLetter[];
}

export async function replayDeadLetter(brokers: string[], namespace: string, id: string): Promise<void> {
  await tks(brokers, namespace, ['replay', id, '--json']);
}
