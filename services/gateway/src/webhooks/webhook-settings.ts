import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Issue 18: how webhook deliveries are retried and paced (README, "Webhooks"). */
export const webhookSettingsShape = {
  /** First retry after this delay; each further one waits twice as long. */
  WEBHOOK_RETRY_BASE_MS: positiveInt(1000),
  /** The longest wait between two attempts. */
  WEBHOOK_RETRY_MAX_MS: positiveInt(60 * 60 * 1000),
  /** Attempts per delivery before it is given up (about a day with the defaults). */
  WEBHOOK_MAX_ATTEMPTS: positiveInt(30),
  /** A receiver must answer within this time. */
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  /** How often each gateway looks for new events and due deliveries. */
  WEBHOOK_POLL_MS: positiveInt(500),
  /** Deliveries one gateway sends at the same time. */
  WEBHOOK_CONCURRENCY: positiveInt(4),
};
export interface WebhookSettings {
  WEBHOOK_RETRY_BASE_MS: number;
  WEBHOOK_RETRY_MAX_MS: number;
  WEBHOOK_MAX_ATTEMPTS: number;
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_POLL_MS: number;
  WEBHOOK_CONCURRENCY: number;
}
