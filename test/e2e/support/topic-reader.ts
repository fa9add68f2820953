import { Kafka, logLevel } from 'kafkajs';
import { uniqueName, waitUntil } from '@tks/testing';

export interface TopicMessage {
  key: string;
  value: { eventId: string; payload: Record<string, unknown> };
}

/**
 * Everything on a topic up to its end as of now, by a consumer group of its own: what was
 * produced, duplicates included, which no read model (they apply an event once) would show.
 */
export async function readTopicToEnd(brokers: string[], topic: string): Promise<TopicMessage[]> {
  const kafka = new Kafka({ clientId: uniqueName('topic-reader'), brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((p) => Number(p.high) > 0).map((p) => [p.partition, Number(p.high)]));
  const messages: TopicMessage[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('topic-reader') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        messages.push({
          key: message.key?.toString() ?? '',
          value: JSON.parse(message.value?.toString() ?? '{}') as TopicMessage['value'],
        });
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
      },
    });
    await waitUntil(`${topic} to be read to its end`, () => remaining.size === 0, 60_000);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
