import { Logger } from '@nestjs/common';
import type { Transactions } from '../persistence/transactions.repository';
import { BackoffPolicy, nextAttemptDelay } from './webhook-backoff';
import { sendDelivery } from './webhook-sender';
import type { WebhooksRepository } from './webhooks.repository';

/**
 * Sends one due delivery, if there is one no other worker holds. The row stays locked (FOR UPDATE
 * SKIP LOCKED) while the request is out and the outcome commits with the lock's release, so two
 * gateways never send the same attempt; a gateway that dies mid-request leaves the row as it was,
 * and it is sent again (at least once; the receiver dedups by Tks-Event-Id).
 * Resolves false when nothing was due.
 */
export async function deliverOne(
  repositories: { transactions: Transactions; webhooks: WebhooksRepository },
  policy: BackoffPolicy & { timeoutMs: number },
  logger: Logger,
): Promise<boolean> {
  const { webhooks } = repositories;
  return repositories.transactions.run(async (manager) => {
    const due = await webhooks.claimDue(manager);
    if (!due) return false;
    const attempt = due.attempts + 1;
    const result = await sendDelivery(
      { url: due.url, secret: due.secret, eventId: due.event_id, body: due.body, attempt },
      policy.timeoutMs,
    );
    const delay = result.ok ? null : nextAttemptDelay(policy, attempt);
    const state = result.ok ? 'delivered' : delay === null ? 'failed' : 'pending';
    await webhooks.recordAttempt(manager, due.delivery_id, {
      attempt,
      state,
      status: result.status,
      error: result.error ?? null,
      retryInMs: delay ?? 0,
    });
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
