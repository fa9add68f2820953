import { DataSource } from 'typeorm';
import { EventEnvelope } from '@tks/contracts';
import { EventProducer } from './kafka-producer';

export interface RelayOptions {
  /** Names the advisory lock: one relay per service publishes at a time, which keeps key order. */
  lockName: string;
  batchSize?: number;
  /** A batch holds rows up to this many bytes in all, or its first row alone when that is larger. */
  batchBytes?: number;
  idleMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * A batch is one produce request, and its rows of one partition one record batch, which the topic
 * caps (max.message.bytes: 4 MiB on the channel's topics, the broker's 1 MB default elsewhere). A
 * big container's parts, committed together under one key, once made a 16 MB record batch that
 * the broker refused on every retry, and the relay stopped there.
 */
const DEFAULT_BATCH_BYTES = 960 * 1024;

interface PendingRow {
  id: string;
  topic: string;
  envelope: EventEnvelope<unknown>;
}

/**
 * Moves committed outbox rows to Kafka in commit order. A row is marked published only after the
 * broker acknowledged it, in the transaction that locked it: a crash in between republishes the
 * row, and consumers' inboxes absorb the duplicate.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly options: RelayOptions,
  ) {
    const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
    this.table = `"${schema}".outbox`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a commit that queued events, so they leave at once instead of at the next poll. */
  kick(): void {
    this.wake?.();
  }

  /** Finishes the batch in flight, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  /** Publishes what is pending now; returns how many rows left. */
  async publishPending(): Promise<number> {
    const batchSize = this.options.batchSize ?? 200;
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        this.options.lockName,
      ])) as Array<{ locked: boolean }>;
      if (!locked) return 0;
      const rows = (await manager.query(
        // Bounded by bytes too (DEFAULT_BATCH_BYTES): a prefix of the pending rows, at least one.
        `SELECT id, topic, envelope FROM (
           SELECT id, topic, envelope, seq,
                  sum(octet_length(envelope::text)) OVER (ORDER BY seq) AS through,
                  row_number() OVER (ORDER BY seq) AS position
           FROM ${this.table} WHERE published_at IS NULL ORDER BY seq LIMIT $1
         ) pending WHERE position = 1 OR through <= $2 ORDER BY seq`,
        [batchSize, this.options.batchBytes ?? DEFAULT_BATCH_BYTES],
      )) as PendingRow[];
      if (rows.length === 0) return 0;
      await this.producer.send(rows.map((r) => ({ topic: r.topic, envelope: r.envelope })));
      await manager.query(`UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    const idleMs = this.options.idleMs ?? 250;
    let backoff = idleMs;
    while (this.running) {
      try {
        const published = await this.publishPending();
        backoff = idleMs;
        if (published > 0) continue;
      } catch (error) {
        this.options.onError?.(error);
        backoff = Math.min(backoff * 2, 10_000);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
