import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BackoffPolicy, nextAttemptDelay } from './webhook-backoff';
import { sendDelivery } from './webhook-sender';

interface DueRow {
  delivery_id: string;
  webhook_id: string;
  event_id: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Sends one due delivery, if there is one no other worker holds. The row stays locked (FOR UPDATE
 * SKIP LOCKED) while the request is out and the outcome commits with the lock's release, so two
 * gateways never send the same attempt; a gateway that dies mid-request leaves the row as it was,
 * and it is sent again (at least once; the receiver dedups by Tks-Event-Id).
 * Resolves false when nothing was due.
 */
export async function deliverOne(
  dataSource: DataSource,
  policy: BackoffPolicy & { timeoutMs: number },
  logger: Logger,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    const [due] = (await manager.query(
      `SELECT d.delivery_id::text AS delivery_id, d.webhook_id, d.event_id, d.body, d.attempts, e.url, e.secret
         FROM gateway.webhook_deliveries d JOIN gateway.webhook_endpoints e ON e.webhook_id = d.webhook_id
        WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND e.deleted_at IS NULL
        ORDER BY d.next_attempt_at, d.delivery_id LIMIT 1
          FOR UPDATE OF d SKIP LOCKED`,
    )) as DueRow[];
    if (!due) return false;
    const attempt = due.attempts + 1;
    const result = await sendDelivery(
      { url: due.url, secret: due.secret, eventId: due.event_id, body: due.body, attempt },
      policy.timeoutMs,
    );
    const delay = result.ok ? null : nextAttemptDelay(policy, attempt);
    const state = result.ok ? 'delivered' : delay === null ? 'failed' : 'pending';
    await manager.query(
      `UPDATE gateway.webhook_deliveries
          SET attempts = $2, state = $3, last_status = $4, last_error = $5, last_attempt_at = now(),
              next_attempt_at = now() + ($6::bigint * interval '1 millisecond')
        WHERE delivery_id = $1`,
      [due.delivery_id, attempt, state, result.status, result.error ?? null, delay ?? 0],
    );
    if (!result.ok) {
      logger.warn({
        msg: state === 'failed' ? 'webhook delivery given up' : 'webhook delivery failed, will retry',
        webhookId: due.webhook_id,
        eventId: due.event_id,
        attempt,
        status: result.status,
        error: result.error,
        retryInMs: delay,
      });
    }
    return true;
  });
}
