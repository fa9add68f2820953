import { DataSource } from 'typeorm';
import { enqueueDeliveries, EndpointRow, ownerOf } from './webhook-enqueue';

const ENDPOINTS_PER_RUN = 100;

/**
 * Moves every live endpoint forward along the events feed, making a delivery of each new event it
 * should receive. Each endpoint is locked (SKIP LOCKED) for the run, and its deliveries and its new
 * position commit together: two gateways never enqueue one event twice, and a crash enqueues it
 * again at worst (the unique (webhook, event, origin) key then keeps one).
 */
export async function fanOutWebhookEvents(dataSource: DataSource): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const endpoints = (await manager.query(
      `SELECT webhook_id, key_id, filters, enqueued_through::text AS enqueued_through
         FROM gateway.webhook_endpoints WHERE deleted_at IS NULL
        ORDER BY webhook_id LIMIT ${ENDPOINTS_PER_RUN} FOR UPDATE SKIP LOCKED`,
    )) as EndpointRow[];
    let added = 0;
    for (const endpoint of endpoints) {
      const owner = await ownerOf(manager, endpoint.key_id);
      if (!owner) continue;
      const result = await enqueueDeliveries(manager, endpoint, owner, {
        after: endpoint.enqueued_through,
        origin: 'live',
      });
      added += result.added;
      if (result.cursor !== endpoint.enqueued_through) {
        await manager.query(
          'UPDATE gateway.webhook_endpoints SET enqueued_through = $2 WHERE webhook_id = $1',
          [endpoint.webhook_id, result.cursor],
        );
      }
    }
    return added;
  });
}
