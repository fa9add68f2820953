import { DataSource, EntityManager } from 'typeorm';
import type { MessageContext } from './message-context';

export interface AttemptRecord {
  attempts: number;
  lastError: string | null;
}

/**
 * Attempts at an inbound event, counted in the consumer's own database beside its inbox and
 * committed before each attempt: a message that kills its consumer (out of memory, a native
 * crash) is counted even though the process never got to handle the failure, and the count
 * survives the restart that redelivers it.
 */
export class DeliveryAttempts {
  private ready: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  private get table(): string {
    const schema = (this.dataSource.options as { schema?: string }).schema ?? 'public';
    return `"${schema}".inbox_attempts`;
  }

  /**
   * Created on first use rather than by each service's migrations: it belongs to the shared
   * inbox, whose table every service creates the same way (messaging-tables.ts).
   */
  private ensureTable(): Promise<void> {
    this.ready ??= this.dataSource
      .query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (
           event_id uuid PRIMARY KEY,
           topic text NOT NULL,
           partition integer,
           "offset" text,
           attempts integer NOT NULL,
           last_error text,
           updated_at timestamptz NOT NULL DEFAULT now()
         )`,
      )
      .then(() => undefined)
      .catch((error: unknown) => {
        this.ready = null;
        throw error;
      });
    return this.ready;
  }

  /** Counts one more attempt and returns the count including it, and the previous error. */
  async begin(eventId: string, topic: string, origin?: MessageContext): Promise<AttemptRecord> {
    await this.ensureTable();
    const rows = (await this.dataSource.query(
      `INSERT INTO ${this.table} (event_id, topic, partition, "offset", attempts)
       VALUES ($1, $2, $3, $4, 1)
       ON CONFLICT (event_id) DO UPDATE SET attempts = ${this.table}.attempts + 1,
         partition = EXCLUDED.partition, "offset" = EXCLUDED."offset", updated_at = now()
       RETURNING attempts, last_error`,
      [eventId, topic, origin?.partition ?? null, origin?.offset ?? null],
    )) as Array<{ attempts: number; last_error: string | null }>;
    return { attempts: rows[0].attempts, lastError: rows[0].last_error };
  }

  async failed(eventId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table} SET last_error = $2, updated_at = now() WHERE event_id = $1`,
      [eventId, error.slice(0, 2000)],
    );
  }

  /** The attempt failed for a cause outside the message (a full store): it does not count. */
  async forgive(eventId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table} SET attempts = GREATEST(attempts - 1, 0), last_error = $2, updated_at = now()
       WHERE event_id = $1`,
      [eventId, error.slice(0, 2000)],
    );
  }

  /** In the handling transaction: applied, the count goes with the effect. */
  async settleIn(manager: EntityManager, eventId: string): Promise<void> {
    if (!this.ready) return;
    await manager.query(`DELETE FROM ${this.table} WHERE event_id = $1`, [eventId]);
  }

  /** Dead-lettered: a replay of the dead letter starts counting afresh. */
  async settle(eventId: string): Promise<void> {
    await this.ensureTable();
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE event_id = $1`, [eventId]);
  }
}
