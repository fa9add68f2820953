import { DataSource, EntityManager } from 'typeorm';
import type { ApiKeyRole } from '../access/api-key.entity';
import type { Principal } from '../access/principal';
import { readFeedPage } from '../feed/events-feed';
import { passesFilters, type WebhookFilters } from './webhook-body';

const PAGE = 500;

export interface EndpointRow {
  webhook_id: string;
  key_id: string;
  filters: WebhookFilters;
  enqueued_through: string;
}

/** The endpoint's key as the events feed scopes it; null once the key is revoked or gone. */
export async function ownerOf(manager: EntityManager | DataSource, keyId: string): Promise<Principal | null> {
  const [key] = (await manager.query(
    `SELECT key_id, name, role, subscriber_ids, tax_office_codes FROM gateway.api_keys
      WHERE key_id = $1 AND revoked_at IS NULL`,
    [keyId],
  )) as Array<{
    key_id: string;
    name: string;
    role: ApiKeyRole;
    subscriber_ids: string[];
    tax_office_codes: string[];
  }>;
  if (!key) return null;
  return {
    keyId: key.key_id,
    name: key.name,
    role: key.role,
    subscriberIds: new Set(key.subscriber_ids),
    taxOfficeCodes: new Set(key.tax_office_codes),
  };
}

/**
 * Turns the feed events after `after` (up to `through`, when given) that the endpoint's key may
 * read and its filters let through into deliveries of `origin`. The feed does the role scoping, so
 * a webhook never tells more than GET /events would. The delivery body is fixed here, once: every
 * attempt and every replay of an event sends the same bytes with the same event id.
 * Returns the cursor reached and the deliveries added.
 */
export async function enqueueDeliveries(
  manager: EntityManager,
  endpoint: EndpointRow,
  owner: Principal,
  range: { after: string; through?: string; origin: string },
): Promise<{ cursor: string; added: number }> {
  let cursor = range.after;
  let added = 0;
  for (;;) {
    const page = await readFeedPage(manager.connection, owner, { after: cursor, limit: PAGE });
    const events = page.events.filter(
      (e) =>
        (range.through === undefined || BigInt(e.cursor) <= BigInt(range.through)) &&
        passesFilters(endpoint.filters, e),
    );
    for (const event of events) {
      const body = JSON.stringify({ id: event.cursor, type: 'filing.event', ...event });
      const result = (await manager.query(
        `INSERT INTO gateway.webhook_deliveries (webhook_id, event_id, origin, body)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING delivery_id`,
        [endpoint.webhook_id, event.cursor, range.origin, body],
      )) as unknown[];
      added += result.length;
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
