import type { Principal } from '../access/principal';
import { readFeedPage } from '../feed/events-feed';
import type { EventsFeedRepository } from '../feed/events-feed.repository';
import type { Transaction } from '../persistence/transactions.repository';
import { passesFilters } from './webhook-body';
import type { EndpointRow, WebhooksRepository } from './webhooks.repository';

const PAGE = 500;

/**
 * Turns the feed events after `after` (up to `through`, when given) that the endpoint's key may
 * read and its filters let through into deliveries of `origin`. The feed does the role scoping, so
 * a webhook never tells more than GET /events would. The delivery body is fixed here, once: every
 * attempt and every replay of an event sends the same bytes with the same event id.
 * Returns the cursor reached and the deliveries added.
 */
export async function enqueueDeliveries(
  repositories: { webhooks: WebhooksRepository; feed: EventsFeedRepository },
  manager: Transaction,
  endpoint: EndpointRow,
  owner: Principal,
  range: { after: string; through?: string; origin: string },
): Promise<{ cursor: string; added: number }> {
  let cursor = range.after;
  let added = 0;
  for (;;) {
    // The feed is read on the pool, outside this transaction, exactly as GET /events reads it.
    const page = await readFeedPage(repositories.feed, owner, { after: cursor, limit: PAGE });
    const events = page.events.filter(
      (e) =>
        (range.through === undefined || BigInt(e.cursor) <= BigInt(range.through)) &&
        passesFilters(endpoint.filters, e),
    );
    for (const event of events) {
      const body = JSON.stringify({ id: event.cursor, type: 'filing.event', ...event });
      added += await repositories.webhooks.addDelivery(manager, {
        webhookId: endpoint.webhook_id,
        eventId: event.cursor,
        origin: range.origin,
        body,
      });
    }
    const reached =
      range.through !== undefined && BigInt(page.nextCursor) > BigInt(range.through)
        ? range.through
        : page.nextCursor;
    const done = reached === cursor || page.events.length < PAGE || reached === range.through;
    cursor = reached;
    if (done) return { cursor, added };
  }
}
