import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CryptoError } from './errors';
import { GostPrivateKey } from './gost-sign';

export type GostJob =
  | { readonly id: number; readonly kind: 'sign'; readonly key: GostPrivateKey; readonly data: ArrayBuffer }
  | { readonly id: number; readonly kind: 'digest'; readonly length: 256 | 512; readonly data: ArrayBuffer };
export type GostJobResult =
  { readonly id: number; readonly value: ArrayBuffer } | { readonly id: number; readonly error: string };

/** What the GOST engine hands off; gost-engine.ts runs the same operations in-thread without one. */
export interface GostOffload {
  /** `data` is transferred to the thread: the caller must not use it afterwards. */
  sign(key: GostPrivateKey, data: ArrayBuffer): Promise<ArrayBuffer>;
  /** `data` is transferred to the thread: the caller must not use it afterwards. */
  digest(length: 256 | 512, data: ArrayBuffer): Promise<ArrayBuffer>;
}

export interface GostSignPoolOptions {
  /** Threads; default one per core but one (the event loop keeps a core), at least 1, at most 4. */
  readonly size?: number;
  /** The compiled worker; tests running from sources pass dist/'s. */
  readonly workerFile?: string;
}

interface Thread {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (value: ArrayBuffer) => void; reject: (error: Error) => void }>;
}

export function defaultGostThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * A small worker_threads pool for pure-JavaScript GOST signing and Streebog digests. On the event
 * loop a signature takes about 5 ms of solid CPU and Streebog runs at about 13 MB/s
 * (bench/gost-signing.ts): a burst of signatures, or one large declaration (20 s for 256 MiB), would
 * hold a Kafka consumer's heartbeats (test/gost-key-files.int-spec.ts); here the loop only passes
 * messages. Jobs go to the thread with the fewest in flight. A thread that dies fails its own jobs
 * and is replaced on the next job.
 *
 * The key's secret is copied into the job: it stays within this process's memory, as with in-thread
 * signing, and is never written anywhere.
 */
export class GostSignPool implements GostOffload {
  readonly size: number;
  private readonly workerFile: string;
  private readonly threads: Array<Thread | undefined>;
  private nextId = 1;
  private closed = false;

  constructor(options: GostSignPoolOptions = {}) {
    this.size = options.size ?? defaultGostThreads();
    if (!Number.isInteger(this.size) || this.size < 1)
      throw new RangeError('pool size must be a positive integer');
    this.workerFile = options.workerFile ?? join(__dirname, 'gost-sign-worker.js');
    this.threads = Array.from({ length: this.size }, () => undefined);
  }

  sign(key: GostPrivateKey, data: ArrayBuffer): Promise<ArrayBuffer> {
    return this.submit((id) => ({ id, kind: 'sign', key, data }));
  }

  digest(length: 256 | 512, data: ArrayBuffer): Promise<ArrayBuffer> {
    return this.submit((id) => ({ id, kind: 'digest', length, data }));
  }

  /** Ends the threads; jobs still in flight fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread?.worker.terminate()));
    this.threads.fill(undefined);
  }

  private submit(job: (id: number) => GostJob): Promise<ArrayBuffer> {
    if (this.closed) return Promise.reject(new CryptoError('POOL_CLOSED', 'GOST signing pool is closed'));
    const id = this.nextId++;
    const thread = this.leastBusy();
    return new Promise<ArrayBuffer>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      const message = job(id);
      // The data is the caller's own copy (gost-engine.ts copies it), so it moves rather than copies.
      thread.worker.postMessage(message, [message.data]);
    });
  }

  private leastBusy(): Thread {
    let best = 0;
    for (let i = 0; i < this.size; i += 1) {
      const thread = this.threads[i];
      if (!thread) return (this.threads[i] = this.spawn(i));
      if (thread.pending.size < (this.threads[best]?.pending.size ?? Infinity)) best = i;
    }
    return this.threads[best] ?? (this.threads[best] = this.spawn(best));
  }

  private spawn(slot: number): Thread {
    const worker = new Worker(this.workerFile);
    // The pool never keeps a service alive on its own: shutdown closes it, a crash should not wait.
    worker.unref();
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (result: GostJobResult) => {
      const job = thread.pending.get(result.id);
      if (!job) return;
      thread.pending.delete(result.id);
      if ('value' in result) job.resolve(result.value);
      else job.reject(new Error(`GOST worker: ${result.error}`));
    });
    const fail = (error: Error) => {
      if (this.threads[slot] === thread) this.threads[slot] = undefined;
      for (const job of thread.pending.values()) job.reject(error);
      thread.pending.clear();
    };
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => fail(new Error(`GOST worker exited with code ${code}`)));
    return thread;
  }
}
