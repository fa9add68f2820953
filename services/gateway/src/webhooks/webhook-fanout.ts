import type { ApiKeysRepository } from '../access/api-keys.repository';
import type { EventsFeedRepository } from '../feed/events-feed.repository';
import type { Transactions } from '../persistence/transactions.repository';
import { enqueueDeliveries } from './webhook-enqueue';
import type { WebhooksRepository } from './webhooks.repository';

export interface FanOutRepositories {
  transactions: Transactions;
  webhooks: WebhooksRepository;
  apiKeys: ApiKeysRepository;
  feed: EventsFeedRepository;
}

const ENDPOINTS_PER_RUN = 100;

/**
 * Moves every live endpoint forward along the events feed, making a delivery of each new event it
 * should receive. Each endpoint is locked (SKIP LOCKED) for the run, and its deliveries and its new
 * position commit together: two gateways never enqueue one event twice, and a crash enqueues it
 * again at worst (the unique (webhook, event, origin) key then keeps one).
 */
export async function fanOutWebhookEvents(repositories: FanOutRepositories): Promise<number> {
  const { webhooks, apiKeys } = repositories;
  return repositories.transactions.run(async (manager) => {
    const endpoints = await webhooks.lockLiveEndpoints(manager, ENDPOINTS_PER_RUN);
    let added = 0;
    for (const endpoint of endpoints) {
      const owner = await apiKeys.activePrincipal(endpoint.key_id, manager);
      if (!owner) continue;
      const result = await enqueueDeliveries(repositories, manager, endpoint, owner, {
        after: endpoint.enqueued_through,
        origin: 'live',
      });
      added += result.added;
      if (result.cursor !== endpoint.enqueued_through) {
        await webhooks.moveEndpoint(manager, endpoint.webhook_id, result.cursor);
      }
    }
    return added;
  });
}
