import { randomUUID } from 'node:crypto';
import { IHeaders, Kafka, logLevel, Message } from 'kafkajs';
import { uniqueName, waitUntil } from '@tks/testing';

/** What was fed: the marker every poison message carries, and how many of each kind. */
export interface PoisonFed {
  marker: string;
  /** Topics that got one unreadable and one unknown message each. */
  poisonedTopics: string[];
  /** Messages sent a second time, unchanged (same event id). */
  duplicates: number;
}

/**
 * Feeds a namespace's event topics (all but the dead-letter topic) with what a broken or replaying
 * producer sends: a message that is not JSON, an envelope of a type nobody knows, and every message
 * produced so far once more, byte for byte with its key and headers (a producer's retry after a
 * lost acknowledgement, a replay from an old offset).
 */
export async function feedPoisonAndDuplicates(brokers: string[], namespace: string): Promise<PoisonFed> {
  const kafka = new Kafka({ clientId: uniqueName('poison'), brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter(
    (t) => t.startsWith(`${namespace}.`) && !t.includes('dead-letter'),
  );
  const marker = `poison-${randomUUID()}`;
  const producer = kafka.producer();
  await producer.connect();
  let duplicates = 0;
  try {
    for (const topic of topics) {
      const again = await readRaw(kafka, admin, topic);
      duplicates += again.length;
      await producer.send({
        topic,
        messages: [
          ...again,
          { key: marker, value: `{not json ${marker}` },
          {
            key: marker,
            value: JSON.stringify({
              id: randomUUID(),
              type: `unknown.${marker}`,
              version: 1,
              occurredAt: new Date().toISOString(),
              key: marker,
              payload: { marker },
            }),
          },
        ],
      });
    }
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
  return { marker, poisonedTopics: topics, duplicates };
}

/** Every message of a topic up to its end now, as it was produced. */
async function readRaw(kafka: Kafka, admin: ReturnType<Kafka['admin']>, topic: string): Promise<Message[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  const remaining = new Map(ends.filter((p) => Number(p.high) > 0).map((p) => [p.partition, Number(p.high)]));
  if (remaining.size === 0) return [];
  const messages: Message[] = [];
  const groupId = uniqueName('poison-reader');
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (Number(message.offset) < (remaining.get(partition) ?? 0))
          messages.push({
            key: message.key,
            value: message.value,
            headers: message.headers as IHeaders | undefined,
            partition,
          });
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
      },
    });
    await waitUntil(`${topic} to be read to its end`, () => remaining.size === 0, 60_000);
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return messages;
}
