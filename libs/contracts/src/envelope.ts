import { z } from 'zod';

/**
 * The frame around every event: an id (the inbox key), a type and version, when it happened, and
 * the key it is ordered by. The payload is validated at the consuming edge by the event's schema.
 */
export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  key: z.string().min(1),
  payload: z.unknown(),
});

export interface EventEnvelope<P> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  key: string;
  payload: P;
}

/** Headers set on every Kafka record, so tools can route and correlate without parsing values. */
export const EventHeaders = {
  id: 'tks-event-id',
  type: 'tks-event-type',
  version: 'tks-event-version',
} as const;
