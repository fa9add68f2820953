import { DataSource, EntityManager } from 'typeorm';
import { EventContract, EventEnvelope, envelopeSchema, Topics } from '@tks/contracts';
import { EventProducer } from './kafka-producer';
import { InboxEntry } from './inbox.entity';
import { messagingMetrics } from './messaging-metrics';
import { randomUUID } from 'node:crypto';
import { AttemptRecord, DeliveryAttempts } from './delivery-attempts';
import { DeadLetter } from './dead-letter';
import { MessageContext, messageContext } from './message-context';
import { exhaustMemoryIfMarked } from './fault-injection';
import { isStorageFull } from '@tks/storage';

/** No single wait between attempts is longer; the 8 attempts' waits add up to about 15 s. */
const MAX_RETRY_DELAY_MS = 4_000;
const STORAGE_FULL_RETRY_MS = 2_000;
const HEARTBEAT_SLICE_MS = 1_000;

export type ConsumeOutcome = 'applied' | 'duplicate' | 'dead-lettered';

export interface ConsumerOptions {
  service: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  /** How often to try again while the document store is full (default 2 s). */
  storageFullRetryMs?: number;
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
  private readonly attempts: DeliveryAttempts;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly options: ConsumerOptions,
  ) {
    this.attempts = new DeliveryAttempts(dataSource);
  }

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
    const topic = contract.topic.name;
    const origin = messageContext.getStore();
    const maxAttempts = this.options.maxAttempts ?? 8;
    for (let local = 1; ;) {
      // Counted before the attempt and committed, so a process that dies handling it still counts.
      const counted = await this.attempts
        .begin(event.id, topic, origin)
        .catch((): AttemptRecord => ({ attempts: local, lastError: null }));
      const attempt = Math.max(counted.attempts, local);
      if (attempt > maxAttempts) {
        // Earlier attempts never reported back: the consumer died handling this event.
        const reason = `no attempt of ${maxAttempts} finished: the consumer died handling it (last error: ${counted.lastError ?? 'none recorded'})`;
        await this.deadLetter(topic, raw, reason, 'failing', origin, attempt - 1);
        await this.attempts.settle(event.id).catch(() => undefined);
        return 'dead-lettered';
      }
      try {
        const applied = await this.dataSource.transaction(async (manager) => {
          await this.attempts.settleIn(manager, event.id);
          const inserted = await manager
            .createQueryBuilder()
            .insert()
            .into(InboxEntry)
            .values({ eventId: event.id, topic })
            .orIgnore()
            .execute();
          if ((inserted.raw as unknown[]).length === 0) return false;
          exhaustMemoryIfMarked(raw);
          await handler(event, manager);
          return true;
        });
        if (applied) this.options.afterCommit?.();
        return applied ? 'applied' : 'duplicate';
      } catch (error) {
        if (isStorageFull(error)) {
          // Not the message's fault: it waits, its partition with it, until space is freed, and
          // the attempt is given back so a sound filing never reaches the dead letters this way.
          this.options.onError?.(error, {
            eventId: event.id,
            eventType: event.type,
            waiting: 'storage full',
          });
          await this.attempts.forgive(event.id, errorText(error)).catch(() => undefined);
          await pauseWithHeartbeats(this.options.storageFullRetryMs ?? STORAGE_FULL_RETRY_MS, origin);
          continue;
        }
        local++;
        this.options.onError?.(error, { eventId: event.id, eventType: event.type, attempt });
        await this.attempts.failed(event.id, errorText(error)).catch(() => undefined);
        if (attempt >= maxAttempts) {
          await this.deadLetter(topic, raw, errorText(error), 'failing', origin, attempt);
          await this.attempts.settle(event.id).catch(() => undefined);
          return 'dead-lettered';
        }
        const delay = (this.options.baseDelayMs ?? 200) * 2 ** (attempt - 1);
        await pauseWithHeartbeats(Math.min(delay, MAX_RETRY_DELAY_MS), origin);
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
    origin?: MessageContext,
    attempts?: number,
  ): Promise<void> {
    const payload: DeadLetter = {
      service: this.options.service,
      sourceTopic,
      reason,
      kind,
      ...(origin ? { partition: origin.partition, offset: origin.offset } : {}),
      ...(attempts !== undefined ? { attempts } : {}),
      original: raw,
    };
    const envelope: EventEnvelope<unknown> = {
      id: randomUUID(),
      type: 'dead-letter',
      version: 1,
      occurredAt: new Date().toISOString(),
      key: sourceTopic,
      payload,
    };
    await this.producer.send([{ topic: Topics.deadLetter.name, envelope }]);
    messagingMetrics.deadLetters.inc({
      service: this.options.service,
      source_topic: sourceTopic,
      reason: kind,
    });
  }
}

/**
 * Kafka ends a consumer's session when it has not heard from it for the session timeout; a
 * handler sleeping between retries keeps heartbeating so its partitions are not taken from it
 * in the middle (a rebalance under way makes the heartbeat fail: the redelivery that follows is
 * a duplicate the inbox ignores).
 */
async function pauseWithHeartbeats(ms: number, origin?: MessageContext): Promise<void> {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, HEARTBEAT_SLICE_MS)));
    await origin?.heartbeat().catch(() => undefined);
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
