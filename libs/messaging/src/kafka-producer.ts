import { Kafka, Producer, CompressionTypes, logLevel } from 'kafkajs';
import { EventEnvelope, EventHeaders } from '@tks/contracts';
import { kafkaLogCreator } from './kafka-log';

/**
 * The one way events reach the broker: keyed by the envelope's key, with the event headers, and
 * acknowledged by all in-sync replicas before the caller moves on.
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  async connect(): Promise<void> {
    if (!this.connected) await this.producer.connect();
    this.connected = true;
  }

  async send(records: Array<{ topic: string; envelope: EventEnvelope<unknown> }>): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, EventEnvelope<unknown>[]>();
    for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r.envelope]);
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, envelopes]) => ({
        topic,
        messages: envelopes.map((e) => ({
          key: e.key,
          value: JSON.stringify(e),
          headers: {
            [EventHeaders.id]: e.id,
            [EventHeaders.type]: e.type,
            [EventHeaders.version]: String(e.version),
          },
        })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }
}

export function createKafka(clientId: string, brokers: string[]): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(clientId.replace(/-admin$/, '')),
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
