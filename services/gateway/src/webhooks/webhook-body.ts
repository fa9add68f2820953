import { z } from 'zod';
import { problem } from '../http/problem';

/** The docflow progress values a webhook may filter on (docflow-state.ts). */
const PROGRESS = ['submitted', 'signed', 'sent', 'answered', 'finished'] as const;

const filtersSchema = z
  .object({
    filingIds: z.array(z.string().uuid()).max(1000).optional(),
    subscriberIds: z.array(z.string().min(1).max(64)).max(1000).optional(),
    progress: z.array(z.enum(PROGRESS)).max(PROGRESS.length).optional(),
  })
  .strict();
export type WebhookFilters = z.infer<typeof filtersSchema>;

const registrationSchema = z
  .object({ url: z.string().max(2048), filters: filtersSchema.default({}) })
  .strict();

const replaySchema = z
  .object({ after: z.string().regex(/^\d{1,18}$/, 'a cursor of the events feed') })
  .strict();

function parsed<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw problem(
    400,
    'TKS-REQUEST-INVALID',
    'Invalid request body',
    `${issue?.path.join('.')}: ${issue?.message}`,
  );
}

/**
 * A receiver is reached over http(s) without credentials in the URL: the secret, not a password
 * in the address, is what proves a delivery came from the gateway.
 */
export function parseWebhookRegistration(body: unknown): { url: string; filters: WebhookFilters } {
  const registration = parsed(registrationSchema, body);
  let url: URL;
  try {
    url = new URL(registration.url);
  } catch {
    throw problem(422, 'TKS-WEBHOOK-URL', 'Invalid webhook URL', 'url must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw problem(422, 'TKS-WEBHOOK-URL', 'Invalid webhook URL', 'url must use http or https');
  }
  if (url.username !== '' || url.password !== '') {
    throw problem(422, 'TKS-WEBHOOK-URL', 'Invalid webhook URL', 'url must not carry credentials');
  }
  return { url: url.toString(), filters: registration.filters };
}

export const parseReplay = (body: unknown): { after: string } => parsed(replaySchema, body);

/** Does an event of the feed pass the endpoint's filters? Absent filters let everything through. */
export function passesFilters(
  filters: WebhookFilters,
  event: { filingId: string; subscriberId: string; progress?: string },
): boolean {
  if (filters.filingIds && !filters.filingIds.includes(event.filingId)) return false;
  if (filters.subscriberIds && !filters.subscriberIds.includes(event.subscriberId)) return false;
  if (filters.progress && !(event.progress && (filters.progress as string[]).includes(event.progress))) {
    return false;
  }
  return true;
}
