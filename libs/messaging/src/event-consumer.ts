import { DataSource, EntityManager } from 'typeorm';
import { EventContract, EventEnvelope, envelopeSchema, Topics } from '@tks/contracts';
import { EventProducer } from './kafka-producer';
import { InboxEntry } from './inbox.entity';
import { messagingMetrics } from './messaging-metrics';
import { randomUUID } from 'node:crypto';

export type ConsumeOutcome = 'applied' | 'duplicate' | 'dead-lettered';

export interface ConsumerOptions {
  service: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  onError?: (error: unknown, fields: Record<string, unknown>) => void;
  /** Called after a commit, e.g. to wake the outbox relay. */
  afterCommit?: () => void;
}

/**
 * Applies one inbound event exactly once. The handler runs in the transaction that records the
 * event id in the inbox, so a redelivery finds the id and changes nothing. An event that does not
 * match its contract, or keeps failing, goes to the dead-letter topic instead of blocking its
 * partition (a Nest Kafka handler that throws would stall it for ever).
 */
export class EventConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly options: ConsumerOptions,
  ) {}

  async consume<P>(
    contract: EventContract<P>,
    raw: unknown,
    handler: (event: EventEnvelope<P>, manager: EntityManager) => Promise<void>,
  ): Promise<ConsumeOutcome> {
    const topic = contract.topic.name;
    const stopTimer = messagingMetrics.handling.startTimer({ service: this.options.service, topic });
    const outcome = await this.apply(contract, raw, handler);
    stopTimer();
    messagingMetrics.consumed.inc({ service: this.options.service, topic, outcome });
    return outcome;
  }

  private async apply<P>(
    contract: EventContract<P>,
    raw: unknown,
    handler: (event: EventEnvelope<P>, manager: EntityManager) => Promise<void>,
  ): Promise<ConsumeOutcome> {
    const parsed = this.parse(contract, raw);
    if (!parsed.ok) {
      await this.deadLetter(contract.topic.name, raw, parsed.reason, 'invalid');
      return 'dead-lettered';
    }
    const event = parsed.event;
    const maxAttempts = this.options.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await this.dataSource.transaction(async (manager) => {
          const inserted = await manager
            .createQueryBuilder()
            .insert()
            .into(InboxEntry)
            .values({ eventId: event.id, topic: contract.topic.name })
            .orIgnore()
            .execute();
          if ((inserted.raw as unknown[]).length === 0) return false;
          await handler(event, manager);
          return true;
        });
        if (applied) this.options.afterCommit?.();
        return applied ? 'applied' : 'duplicate';
      } catch (error) {
        this.options.onError?.(error, { eventId: event.id, eventType: event.type, attempt });
        if (attempt >= maxAttempts) {
          await this.deadLetter(contract.topic.name, raw, errorText(error), 'failing');
          return 'dead-lettered';
        }
        const delay = (this.options.baseDelayMs ?? 200) * 2 ** (attempt - 1);
        await new Promise((resolve) => setTimeout(resolve, Math.min(delay, 15_000)));
      }
    }
  }

  private parse<P>(
    contract: EventContract<P>,
    raw: unknown,
  ): { ok: true; event: EventEnvelope<P> } | { ok: false; reason: string } {
    const envelope = envelopeSchema.safeParse(typeof raw === 'string' ? safeJson(raw) : raw);
    if (!envelope.success) return { ok: false, reason: `envelope: ${envelope.error.message}` };
    const e = envelope.data;
    if (e.type !== contract.type || e.version !== contract.version) {
      return { ok: false, reason: `unexpected event ${e.type} v${e.version}` };
    }
    const payload = contract.payload.safeParse(e.payload);
    if (!payload.success) return { ok: false, reason: `payload: ${payload.error.message}` };
    return { ok: true, event: { ...e, payload: payload.data } };
  }

  private async deadLetter(
    sourceTopic: string,
    raw: unknown,
    reason: string,
    kind: 'invalid' | 'failing',
  ): Promise<void> {
    const envelope: EventEnvelope<unknown> = {
      id: randomUUID(),
      type: 'dead-letter',
      version: 1,
      occurredAt: new Date().toISOString(),
      key: sourceTopic,
      payload: { service: this.options.service, sourceTopic, reason, original: raw },
    };
    await this.producer.send([{ topic: Topics.deadLetter.name, envelope }]);
    messagingMetrics.deadLetters.inc({
      service: this.options.service,
      source_topic: sourceTopic,
      reason: kind,
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
