import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, waitUntil } from '@tks/testing';

/**
 * Infrastructure the fault suite owns, so it can kill and restart it without touching the shared
 * dev broker (19092) and database (5432) other tests and people use: a one-node Kafka of its own
 * (infra/kafka with its own ports and home, the shared jars), an embedded PostgreSQL of its own
 * (scripts/embedded-postgres.mjs), and a small tmpfs for the document store to fill.
 */
const root = join(__dirname, '..', '..', '..');
const run = promisify(execFile);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function killHard(pid: number, what: string): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGKILL');
  await waitUntil(`${what} (pid ${pid}) to die`, () => !alive(pid), 30_000);
}

export interface OwnBroker {
  brokers: string[];
  /** SIGKILL of the broker, then started again on the same data; resolves once it answers. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnBroker(): Promise<OwnBroker> {
  const home = await mkdtemp(join(tmpdir(), 'tks-faults-kafka-'));
  const brokers = [`127.0.0.1:${await freePort()}`];
  const env = {
    ...process.env,
    KAFKA_BROKERS: brokers[0],
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    KAFKA_HOME_DIR: home,
    // The jars the shared broker's set-up fetched: nothing to fetch again.
    KAFKA_LIBS_DIR: process.env.KAFKA_LIBS_DIR ?? join(root, '.local', 'kafka', 'libs'),
  };
  const script = (name: string) => run('bash', [join(root, 'infra', 'kafka', name)], { env });
  await script('start.sh');
  return {
    brokers,
    async restart() {
      await killHard(Number(readFileSync(join(home, 'kafka.pid'), 'utf8').trim()), 'the broker');
      await script('start.sh');
    },
    async stop() {
      await script('stop.sh').catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}

export interface OwnPostgres {
  /** postgres://… of its `postgres` database. */
  url: string;
  /** SIGKILL of the postmaster (a crash: its backends go with it), then started again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const home = await mkdtemp(join(tmpdir(), 'tks-faults-postgres-'));
  // Run as root, the wrapper runs the server as the user postgres, which must reach its data.
  await chmod(home, 0o755);
  const dataDir = join(home, 'data');
  const passwordFile = join(home, 'password');
  const password = randomBytes(12).toString('hex');
  await writeFile(passwordFile, password, { mode: 0o600 });
  const port = await freePort();
  const url = () => `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let wrapper: ChildProcess;
  const launch = async () => {
    let output = '';
    wrapper = spawn(
      process.execPath,
      [join(root, 'scripts', 'embedded-postgres.mjs'), dataDir, String(port), passwordFile],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    wrapper.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    wrapper.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    // Ready when it answers a query: after crash recovery the wrapper's own "ready" line, which
    // it finds in chunks of the server's log, may never come.
    await waitUntil(
      'the embedded PostgreSQL to answer',
      async () => {
        if (wrapper.exitCode !== null) throw new Error(`embedded PostgreSQL exited:\n${output}`);
        const client = new Client({ connectionString: url(), connectionTimeoutMillis: 2_000 });
        client.on('error', () => undefined);
        try {
          await client.connect();
          await client.query('SELECT 1');
          return true;
        } catch {
          return false;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      120_000,
    );
  };
  const postmaster = () => {
    const file = join(dataDir, 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : 0;
  };
  await launch();
  return {
    url: url(),
    async restart() {
      await killHard(postmaster(), 'the postmaster');
      if (wrapper.pid) await killHard(wrapper.pid, 'the embedded PostgreSQL wrapper');
      await launch();
    },
    async stop() {
      if (wrapper.exitCode === null) {
        wrapper.kill('SIGTERM');
        await waitUntil('the embedded PostgreSQL to stop', () => wrapper.exitCode !== null, 60_000).catch(
          () => wrapper.kill('SIGKILL'),
        );
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}

export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the disk has no space left. */
  fill(): Promise<void>;
  /** Removes the filler. */
  free(): Promise<void>;
  unmount(): Promise<void>;
}

/** A tmpfs of its own (mounting needs root, as in CI): a disk that can really run full. */
export async function mountSmallDisk(megabytes: number): Promise<SmallDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-faults-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`the disk-full scenario mounts a tmpfs and needs root: ${(error as Error).message}`);
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    async fill() {
      await mkdir(dir, { recursive: true });
      const file = await open(filler, 'a');
      try {
        // Smaller and smaller writes down to a page, so not even a small declaration fits after.
        for (const size of [1 << 20, 1 << 16, 1 << 12]) {
          const chunk = Buffer.alloc(size);
          try {
            for (;;) await file.write(chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      } finally {
        await file.close();
      }
    },
    async free() {
      await rm(filler, { force: true });
    },
    async unmount() {
      await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
