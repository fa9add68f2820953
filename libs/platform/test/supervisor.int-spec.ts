import { waitUntil } from '@tks/testing';
import { EXIT_CONFIG, Supervisor } from '../src/supervisor';

/** A program that prints `started <name>` and then lives, or exits with `code` after a moment. */
const program = (name: string, code?: number) => ({
  name,
  command: process.execPath,
  args: [
    '-e',
    code === undefined
      ? `console.log('started ${name}'); setInterval(() => undefined, 1000)`
      : `console.log('started ${name}'); setTimeout(() => process.exit(${code}), 50)`,
  ],
});

/** Issue 17: `npm start` supervises its services instead of stopping all when one dies. */
describe('the services supervisor', () => {
  it('restarts a service that dies, with growing delays, leaves the others running, and never restarts one exiting EX_CONFIG', async () => {
    const said: string[] = [];
    const starts = new Map<string, number>();
    const supervisor = new Supervisor(
      [program('steady'), program('crashing', 1), program('misconfigured', EXIT_CONFIG)],
      {
        say: (line) => said.push(line),
        output: (name, chunk) => {
          const count = String(chunk)
            .split('\n')
            .filter((l) => l.startsWith('started')).length;
          starts.set(name, (starts.get(name) ?? 0) + count);
        },
        initialDelayMs: 100,
        maxDelayMs: 400,
      },
    );
    supervisor.start();
    try {
      await waitUntil(
        'four starts of the crashing service',
        () => (starts.get('crashing') ?? 0) >= 4,
        30_000,
      );
      expect(said.filter((l) => l.startsWith('crashing exited with code 1; restarting it in'))).toEqual(
        expect.arrayContaining([
          expect.stringContaining('in 0.1 s (restart 1)'),
          expect.stringContaining('in 0.2 s (restart 2)'),
          expect.stringContaining('in 0.4 s (restart 3)'),
        ]),
      );
      expect(starts.get('steady')).toBe(1);
      expect(starts.get('misconfigured')).toBe(1);
      expect(said).toContainEqual(
        expect.stringMatching(/^misconfigured exited with code 78 \(EX_CONFIG.*not restarted/),
      );
    } finally {
      await supervisor.stop();
    }
    expect(said.filter((l) => l.startsWith('steady'))).toEqual([]);
  });
});
