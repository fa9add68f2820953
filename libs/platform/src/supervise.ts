import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Supervisor } from './supervisor';

/**
 * `npm start` (scripts/start.sh): `node supervise.js SERVICE…` runs the compiled services under the
 * supervisor, their output on stdout and in `$TKS_LOCAL/logs/<service>.log`.
 */
const root = resolve(__dirname, '..', '..', '..', '..');
const logs = join(process.env.TKS_LOCAL ?? join(root, '.local'), 'logs');
const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

/** The ports the services listen on, by the setting that names them. */
const listeners: Record<string, Array<[setting: string, fallback: number]>> = {
  gateway: [['GATEWAY_PORT', 3000]],
  signer: [['SIGNER_METRICS_PORT', 9464]],
  receipts: [['RECEIPTS_METRICS_PORT', 9465]],
  registry: [['REGISTRY_METRICS_PORT', 9466]],
};

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, () => probe.close(() => done(true)));
  });
}

async function main(services: string[]): Promise<number> {
  // A port held by something else (another checkout's services) is named now, not as a bind error later.
  for (const service of services)
    for (const [setting, fallback] of listeners[service] ?? []) {
      const port = Number(process.env[setting] ?? fallback);
      if (port !== 0 && !(await portFree(port))) {
        say(`port ${port} (${setting}, ${service}) is taken by another process; stop it or set ${setting}`);
        return 1;
      }
    }
  mkdirSync(logs, { recursive: true });
  const files = new Map(services.map((s) => [s, createWriteStream(join(logs, `${s}.log`), { flags: 'a' })]));
  const supervisor = new Supervisor(
    services.map((name) => ({
      name,
      command: process.execPath,
      args: [
        '-r',
        join(root, 'scripts', 'register-paths.js'),
        join(root, 'dist', 'services', name, 'src', 'main.js'),
      ],
    })),
    {
      say,
      output: (name, chunk) => {
        process.stdout.write(chunk);
        files.get(name)?.write(chunk);
      },
    },
  );
  let stopRequested = false;
  const stop = () => {
    stopRequested = true;
    say('stopping services');
    void supervisor.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  supervisor.start();
  await supervisor.whenAllStopped();
  if (stopRequested) return 0;
  say('no service is left running');
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`supervisor failed: ${String(error)}`);
    process.exit(1);
  },
);
