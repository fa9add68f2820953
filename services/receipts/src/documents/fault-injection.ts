import { JsonLogger } from '@tks/config';

/**
 * A documented fault-injection point for the exactly-once test (services/receipts/test/), off by
 * default: with RECEIPTS_FAULT_INJECTION=crash-after-signing:<kind>, the process kills itself the
 * moment that receipt is signed and stored but not yet recorded, the worst moment to die.
 */
export function crashPoint(setting: string, point: string): void {
  if (setting === '' || setting !== point) return;
  new JsonLogger('receipts').event('warn', 'fault injection: crashing', { point });
  process.kill(process.pid, 'SIGKILL');
}
