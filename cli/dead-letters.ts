import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { envelopeSchema, Topics, type EventEnvelope } from '@tks/contracts';
import { EventProducer, type DeadLetter } from '@tks/messaging';

/** One message of the dead-letter topic: where it sits there, and what it says. */
export interface StoredDeadLetter {
  /** `<partition>:<offset>` in the dead-letter topic. */
  position: string;
  id: string;
  occurredAt: string;
  letter: DeadLetter;
}

/**
 * Reads the dead-letter topic straight from the broker (an operator's tool: the services share
 * nothing but Kafka), from its start to the end it has now, without a consumer group of its own
 * left behind.
 */
export async function readDeadLetters(brokers: string[]): Promise<StoredDeadLetter[]> {
  const kafka = new Kafka({ clientId: 'tks-admin', brokers, logLevel: logLevel.NOTHING });
  const topic = Topics.deadLetter.name;
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `tks-admin-${randomUUID()}`;
  try {
    const ends = (await admin.fetchTopicOffsets(topic)).filter((p) => BigInt(p.high) > BigInt(p.low));
    if (ends.length === 0) return [];
    const letters: StoredDeadLetter[] = [];
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const remaining = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const envelope = envelopeSchema.safeParse(JSON.parse(String(message.value)));
              if (envelope.success)
                letters.push({
                  position: `${partition}:${message.offset}`,
                  id: envelope.data.id,
                  occurredAt: envelope.data.occurredAt,
                  letter: envelope.data.payload as DeadLetter,
                });
              if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n))
                remaining.delete(partition);
              if (remaining.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return letters.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * Publishes the original message again to the topic it came from, unchanged: same event id, so
 * a consumer that did apply it meanwhile ignores it (inbox), one that did not applies it now.
 */
export async function replayDeadLetter(
  brokers: string[],
  stored: StoredDeadLetter,
): Promise<EventEnvelope<unknown>> {
  const original = envelopeSchema.safeParse(
    typeof stored.letter.original === 'string' ? JSON.parse(stored.letter.original) : stored.letter.original,
  );
  if (!original.success)
    throw new Error(`dead letter ${stored.id} does not hold an event envelope: it cannot be replayed`);
  const envelope: EventEnvelope<unknown> = { ...original.data, payload: original.data.payload };
  const kafka = new Kafka({ clientId: 'tks-admin', brokers, logLevel: logLevel.NOTHING });
  const producer = new EventProducer(kafka);
  await producer.connect();
  try {
    await producer.send([{ topic: stored.letter.sourceTopic, envelope }]);
  } finally {
    await producer.disconnect();
  }
  return envelope;
}
