import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../access/principal';
import { EventsFeedRepository } from '../feed/events-feed.repository';
import { problem } from '../http/problem';
import { Transactions } from '../persistence/transactions.repository';
import type { WebhookFilters } from './webhook-body';
import { enqueueDeliveries } from './webhook-enqueue';
import { EndpointViewRow, WebhooksRepository } from './webhooks.repository';
import { newWebhookSecret } from './webhook-signature';

/** What the API shows of an endpoint: never its secret. */
const view = (row: EndpointViewRow) => ({
  webhookId: row.webhook_id,
  url: row.url,
  filters: row.filters,
  createdAt: new Date(row.created_at).toISOString(),
  cursor: row.enqueued_through,
  deliveries: { pending: Number(row.pending), delivered: Number(row.delivered), failed: Number(row.failed) },
});

/** Webhook endpoints belong to the API key that registered them; another key does not see them. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly transactions: Transactions,
    private readonly webhooks: WebhooksRepository,
    private readonly feed: EventsFeedRepository,
  ) {}

  /** New endpoints start at the feed's current end: earlier events come only by replay. */
  async register(principal: Principal, registration: { url: string; filters: WebhookFilters }) {
    const webhookId = randomUUID();
    const secret = newWebhookSecret();
    await this.webhooks.insertEndpoint({
      webhookId,
      keyId: principal.keyId,
      url: registration.url,
      secret,
      filters: registration.filters,
    });
    return { ...(await this.get(principal, webhookId)), secret };
  }

  async list(principal: Principal) {
    const rows = await this.webhooks.views(principal.keyId);
    return { items: rows.map(view) };
  }

  async get(principal: Principal, webhookId: string) {
    const row = await this.webhooks.view(principal.keyId, webhookId);
    if (!row) throw problem(404, 'TKS-NOT-FOUND', 'No such webhook');
    return view(row);
  }

  /** Deleted endpoints keep their delivery records; nothing more is sent to them. */
  async remove(principal: Principal, webhookId: string): Promise<void> {
    if (!(await this.webhooks.markDeleted(principal.keyId, webhookId)))
      throw problem(404, 'TKS-NOT-FOUND', 'No such webhook');
  }

  /**
   * Sends again every event after `after` up to where the endpoint has come (later ones come
   * live anyway), as new deliveries of this replay with the events' own ids.
   */
  async replay(principal: Principal, webhookId: string, after: string) {
    return this.transactions.run(async (manager) => {
      const endpoint = await this.webhooks.lockEndpoint(manager, principal.keyId, webhookId);
      if (!endpoint) throw problem(404, 'TKS-NOT-FOUND', 'No such webhook');
      const replayId = randomUUID();
      const result = await enqueueDeliveries(
        { webhooks: this.webhooks, feed: this.feed },
        manager,
        endpoint,
        principal,
        {
          after,
          through: endpoint.enqueued_through,
          origin: `replay:${replayId}`,
        },
      );
      return { replayId, after, through: endpoint.enqueued_through, deliveries: result.added };
    });
  }
}
