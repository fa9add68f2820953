import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { problem } from '../http/problem';
import type { WebhookFilters } from './webhook-body';
import { enqueueDeliveries, EndpointRow } from './webhook-enqueue';
import { newWebhookSecret } from './webhook-signature';

interface ViewRow {
  webhook_id: string;
  url: string;
  filters: WebhookFilters;
  enqueued_through: string;
  created_at: Date;
  pending: string;
  delivered: string;
  failed: string;
}

/** What the API shows of an endpoint: never its secret. */
const view = (row: ViewRow) => ({
  webhookId: row.webhook_id,
  url: row.url,
  filters: row.filters,
  createdAt: new Date(row.created_at).toISOString(),
  cursor: row.enqueued_through,
  deliveries: { pending: Number(row.pending), delivered: Number(row.delivered), failed: Number(row.failed) },
});

const VIEW_SQL = `
  SELECT e.webhook_id, e.url, e.filters, e.enqueued_through::text AS enqueued_through, e.created_at,
         count(d.*) FILTER (WHERE d.state = 'pending') AS pending,
         count(d.*) FILTER (WHERE d.state = 'delivered') AS delivered,
         count(d.*) FILTER (WHERE d.state = 'failed') AS failed
    FROM gateway.webhook_endpoints e LEFT JOIN gateway.webhook_deliveries d ON d.webhook_id = e.webhook_id
   WHERE e.deleted_at IS NULL AND e.key_id = $1`;

/** Webhook endpoints belong to the API key that registered them; another key does not see them. */
@Injectable()
export class WebhooksService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** New endpoints start at the feed's current end: earlier events come only by replay. */
  async register(principal: Principal, registration: { url: string; filters: WebhookFilters }) {
    const webhookId = randomUUID();
    const secret = newWebhookSecret();
    await this.dataSource.query(
      `INSERT INTO gateway.webhook_endpoints (webhook_id, key_id, url, secret, filters, enqueued_through)
       SELECT $1, $2, $3, $4, $5, coalesce(max(feed_seq), 0) FROM gateway.filing_events`,
      [webhookId, principal.keyId, registration.url, secret, JSON.stringify(registration.filters)],
    );
    return { ...(await this.get(principal, webhookId)), secret };
  }

  async list(principal: Principal) {
    const rows = (await this.dataSource.query(`${VIEW_SQL} GROUP BY e.webhook_id ORDER BY e.created_at`, [
      principal.keyId,
    ])) as ViewRow[];
    return { items: rows.map(view) };
  }

  async get(principal: Principal, webhookId: string) {
    const [row] = (await this.dataSource.query(`${VIEW_SQL} AND e.webhook_id = $2 GROUP BY e.webhook_id`, [
      principal.keyId,
      webhookId,
    ])) as ViewRow[];
    if (!row) throw problem(404, 'TKS-NOT-FOUND', 'No such webhook');
    return view(row);
  }

  /** Deleted endpoints keep their delivery records; nothing more is sent to them. */
  async remove(principal: Principal, webhookId: string): Promise<void> {
    const result = (await this.dataSource.query(
      `UPDATE gateway.webhook_endpoints SET deleted_at = now()
        WHERE webhook_id = $1 AND key_id = $2 AND deleted_at IS NULL RETURNING webhook_id`,
      [webhookId, principal.keyId],
    )) as [unknown[], number];
    if (result[1] === 0) throw problem(404, 'TKS-NOT-FOUND', 'No such webhook');
  }

  /**
   * Sends again every event after `after` up to where the endpoint has come (later ones come
   * live anyway), as new deliveries of this replay with the events' own ids.
   */
  async replay(principal: Principal, webhookId: string, after: string) {
    return this.dataSource.transaction(async (manager) => {
      const [endpoint] = (await manager.query(
        `SELECT webhook_id, key_id, filters, enqueued_through::text AS enqueued_through
           FROM gateway.webhook_endpoints WHERE webhook_id = $1 AND key_id = $2 AND deleted_at IS NULL FOR UPDATE`,
        [webhookId, principal.keyId],
      )) as EndpointRow[];
      if (!endpoint) throw problem(404, 'TKS-NOT-FOUND', 'No such webhook');
      const replayId = randomUUID();
      const result = await enqueueDeliveries(manager, endpoint, principal, {
        after,
        through: endpoint.enqueued_through,
        origin: `replay:${replayId}`,
      });
      return { replayId, after, through: endpoint.enqueued_through, deliveries: result.added };
    });
  }
}
