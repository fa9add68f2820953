import { Kafka, KafkaJSProtocolError } from 'kafkajs';
import { TopicSpec } from '@tks/contracts';
import { isTransientKafkaLog } from './kafka-log';

/** How long a start waits out a broker that is still settling its new topics. */
const SETTLE_MS = 60_000;

/**
 * Several services start together and create the same topics: for a moment after creation, the
 * broker may answer that it does not host a partition yet, or that its leader is being elected.
 * Those answers are retried (the topics are listed again, so what now exists is not created twice);
 * anything else, or a broker that has not settled within a minute, fails the start.
 */
export async function ensureTopicsSettled(
  kafka: Kafka,
  topics: readonly TopicSpec[],
  settleMs = SETTLE_MS,
): Promise<void> {
  const deadline = Date.now() + settleMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureTopics(kafka, topics);
    } catch (error) {
      if (!isSettling(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}

function isSettling(error: unknown): boolean {
  if (error instanceof KafkaJSProtocolError && error.retriable) return true;
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return isTransientKafkaLog({ log: { message: text, timestamp: '', logger: '' } });
}

/**
 * Creates the declared topics that do not exist yet. Replication factor 1: one broker in
 * development and CI; a cluster sets KAFKA_REPLICATION_FACTOR (3) and, with it, how many replicas
 * must have a write before the broker acknowledges it (KAFKA_MIN_INSYNC_REPLICAS, default one less
 * than the replication factor: with 3, a write survives the loss of any one broker, and producing
 * goes on while one is down, since producers wait for acks from all in-sync replicas).
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly TopicSpec[],
  replicationFactor = Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1),
  minInsyncReplicas = Number(process.env.KAFKA_MIN_INSYNC_REPLICAS ?? Math.max(1, replicationFactor - 1)),
): Promise<void> {
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new Error('KAFKA_REPLICATION_FACTOR must be a whole number, at least 1');
  }
  if (
    !Number.isInteger(minInsyncReplicas) ||
    minInsyncReplicas < 1 ||
    minInsyncReplicas > replicationFactor
  ) {
    throw new Error('KAFKA_MIN_INSYNC_REPLICAS must be a whole number from 1 to KAFKA_REPLICATION_FACTOR');
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) await createTopics(admin, missing, replicationFactor, minInsyncReplicas);
    await requireLeaders(admin, topics);
  } finally {
    await admin.disconnect();
  }
}

type Admin = ReturnType<Kafka['admin']>;

function createTopics(
  admin: Admin,
  missing: readonly TopicSpec[],
  replicationFactor: number,
  minInsyncReplicas: number,
): Promise<boolean> {
  return admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions,
      replicationFactor,
      configEntries: Object.entries({ 'min.insync.replicas': String(minInsyncReplicas), ...t.config }).map(
        ([name, value]) => ({ name, value }),
      ),
    })),
  });
}

/**
 * A topic another service has just created is listed before its partitions have leaders; a
 * consumer that subscribes then is told the broker "does not host this topic-partition" and the
 * service stops. So a start goes on only once every partition has a leader.
 */
async function requireLeaders(admin: Admin, topics: readonly TopicSpec[]): Promise<void> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
  for (const topic of metadata) {
    const leaderless = topic.partitions.filter((p) => p.leader < 0).map((p) => p.partitionId);
    if (leaderless.length > 0) {
      throw new Error(`There is no leader for this topic-partition: ${topic.name} ${leaderless.join(',')}`);
    }
  }
}
