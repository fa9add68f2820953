import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Transaction } from '../persistence/transactions.repository';
import type { WebhookFilters } from './webhook-body';

/** An endpoint as the fan-out and replays read it. */
export interface EndpointRow {
  webhook_id: string;
  key_id: string;
  filters: WebhookFilters;
  enqueued_through: string;
}

/** An endpoint as the API shows it, with its deliveries counted by state. */
export interface EndpointViewRow {
  webhook_id: string;
  url: string;
  filters: WebhookFilters;
  enqueued_through: string;
  created_at: Date;
  pending: string;
  delivered: string;
  failed: string;
}

/** A delivery due now, with where and how to send it. */
export interface DueDeliveryRow {
  delivery_id: string;
  webhook_id: string;
  event_id: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

const VIEW_SQL = `
  SELECT e.webhook_id, e.url, e.filters, e.enqueued_through::text AS enqueued_through, e.created_at,
         count(d.*) FILTER (WHERE d.state = 'pending') AS pending,
         count(d.*) FILTER (WHERE d.state = 'delivered') AS delivered,
         count(d.*) FILTER (WHERE d.state = 'failed') AS failed
    FROM gateway.webhook_endpoints e LEFT JOIN gateway.webhook_deliveries d ON d.webhook_id = e.webhook_id
   WHERE e.deleted_at IS NULL AND e.key_id = $1`;

/** Webhook endpoints and their deliveries (webhook_endpoints, webhook_deliveries). */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** False before the connection is up and after it is closed. */
  get ready(): boolean {
    return this.dataSource.isInitialized;
  }

  /** A new endpoint starts at the feed's current end. */
  async insertEndpoint(endpoint: {
    webhookId: string;
    keyId: string;
    url: string;
    secret: string;
    filters: WebhookFilters;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO gateway.webhook_endpoints (webhook_id, key_id, url, secret, filters, enqueued_through)
       SELECT $1, $2, $3, $4, $5, coalesce(max(feed_seq), 0) FROM gateway.filing_events`,
      [endpoint.webhookId, endpoint.keyId, endpoint.url, endpoint.secret, JSON.stringify(endpoint.filters)],
    );
  }

  /** The key's live endpoints, oldest first. */
  views(keyId: string): Promise<EndpointViewRow[]> {
    return this.dataSource.query(`${VIEW_SQL} GROUP BY e.webhook_id ORDER BY e.created_at`, [keyId]);
  }

  async view(keyId: string, webhookId: string): Promise<EndpointViewRow | undefined> {
    const [row] = (await this.dataSource.query(`${VIEW_SQL} AND e.webhook_id = $2 GROUP BY e.webhook_id`, [
      keyId,
      webhookId,
    ])) as EndpointViewRow[];
    return row;
  }

  /** Marks the key's endpoint deleted; false when there is no such live endpoint. */
  async markDeleted(keyId: string, webhookId: string): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE gateway.webhook_endpoints SET deleted_at = now()
        WHERE webhook_id = $1 AND key_id = $2 AND deleted_at IS NULL RETURNING webhook_id`,
      [webhookId, keyId],
    )) as [unknown[], number];
    return result[1] !== 0;
  }

  /** The key's live endpoint, locked until the transaction ends. */
  async lockEndpoint(tx: Transaction, keyId: string, webhookId: string): Promise<EndpointRow | undefined> {
    const [endpoint] = (await tx.query(
      `SELECT webhook_id, key_id, filters, enqueued_through::text AS enqueued_through
           FROM gateway.webhook_endpoints WHERE webhook_id = $1 AND key_id = $2 AND deleted_at IS NULL FOR UPDATE`,
      [webhookId, keyId],
    )) as EndpointRow[];
    return endpoint;
  }

  /** Up to `limit` live endpoints no other transaction holds, locked until this one ends. */
  lockLiveEndpoints(tx: Transaction, limit: number): Promise<EndpointRow[]> {
    return tx.query(
      `SELECT webhook_id, key_id, filters, enqueued_through::text AS enqueued_through
         FROM gateway.webhook_endpoints WHERE deleted_at IS NULL
        ORDER BY webhook_id LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    );
  }

  async moveEndpoint(tx: Transaction, webhookId: string, enqueuedThrough: string): Promise<void> {
    await tx.query('UPDATE gateway.webhook_endpoints SET enqueued_through = $2 WHERE webhook_id = $1', [
      webhookId,
      enqueuedThrough,
    ]);
  }

  /** Adds a delivery unless this (webhook, event, origin) has one; resolves with the rows added. */
  async addDelivery(
    tx: Transaction,
    delivery: { webhookId: string; eventId: string; origin: string; body: string },
  ): Promise<number> {
    const result = (await tx.query(
      `INSERT INTO gateway.webhook_deliveries (webhook_id, event_id, origin, body)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING delivery_id`,
      [delivery.webhookId, delivery.eventId, delivery.origin, delivery.body],
    )) as unknown[];
    return result.length;
  }

  /** The next due delivery no other transaction holds, locked until this one ends. */
  async claimDue(tx: Transaction): Promise<DueDeliveryRow | undefined> {
    const [due] = (await tx.query(
      `SELECT d.delivery_id::text AS delivery_id, d.webhook_id, d.event_id, d.body, d.attempts, e.url, e.secret
         FROM gateway.webhook_deliveries d JOIN gateway.webhook_endpoints e ON e.webhook_id = d.webhook_id
        WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND e.deleted_at IS NULL
        ORDER BY d.next_attempt_at, d.delivery_id LIMIT 1
          FOR UPDATE OF d SKIP LOCKED`,
    )) as DueDeliveryRow[];
    return due;
  }

  async recordAttempt(
    tx: Transaction,
    deliveryId: string,
    outcome: {
      attempt: number;
      state: 'delivered' | 'failed' | 'pending';
      status: number | null;
      error: string | null;
      retryInMs: number;
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE gateway.webhook_deliveries
          SET attempts = $2, state = $3, last_status = $4, last_error = $5, last_attempt_at = now(),
              next_attempt_at = now() + ($6::bigint * interval '1 millisecond')
        WHERE delivery_id = $1`,
      [deliveryId, outcome.attempt, outcome.state, outcome.status, outcome.error, outcome.retryInMs],
    );
  }
}
