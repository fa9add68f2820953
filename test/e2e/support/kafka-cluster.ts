import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Admin, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { uniqueName } from '@tks/testing';

const run = promisify(execFile);
const scripts = join(__dirname, '..', '..', '..', 'infra', 'kafka-cluster');

/**
 * The local three-broker cluster a test runs on: started by scripts/test-cluster.sh, which exports
 * its bootstrap list as KAFKA_CLUSTER_BROKERS and its data directory and ports
 * (KAFKA_CLUSTER_HOME_DIR, KAFKA_CLUSTER_PORT_BASE) for infra/kafka-cluster/*.sh. Node N is broker N.
 */
export const clusterBrokers = (): string[] | null => process.env.KAFKA_CLUSTER_BROKERS?.split(',') ?? null;

/** SIGKILLs node N, as a machine that fails: no controlled shutdown, no leadership handed over. */
export async function killNode(node: number): Promise<void> {
  await run('bash', [join(scripts, 'stop.sh'), '--kill', String(node)]);
}

/** Starts node N again on its data and resolves once it answers requests. */
export async function startNode(node: number): Promise<void> {
  await run('bash', [join(scripts, 'start.sh'), String(node)], { timeout: 300_000 });
}

export async function withAdmin<T>(brokers: string[], use: (admin: Admin) => Promise<T>): Promise<T> {
  const kafka = new Kafka({ clientId: uniqueName('cluster-probe'), brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Java's String.hashCode, by which the broker places a group on a partition of __consumer_offsets. */
function javaHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** The broker coordinating a consumer group: the leader of the group's __consumer_offsets partition. */
export async function groupCoordinator(admin: Admin, groupId: string): Promise<number> {
  const { topics } = await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] });
  const partitions = topics[0]?.partitions ?? [];
  const hash = javaHashCode(groupId);
  // Kafka's Utils.abs: the absolute value, and 0 for the one int that has none.
  const index = (hash === -2147483648 ? 0 : Math.abs(hash)) % partitions.length;
  const partition = partitions.find((p) => p.partitionId === index);
  if (!partition) throw new Error(`__consumer_offsets has no partition ${index}`);
  return partition.leader;
}

export interface PartitionState {
  topic: string;
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** Leader, replicas and in-sync replicas of every partition of the given topics. */
export async function partitionStates(admin: Admin, topics: string[]): Promise<PartitionState[]> {
  const metadata = await admin.fetchTopicMetadata({ topics });
  return metadata.topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionId,
      leader: p.leader,
      replicas: p.replicas,
      isr: p.isr,
    })),
  );
}

/** The topics' min.insync.replicas, by topic. */
export async function minInsyncReplicas(admin: Admin, topics: string[]): Promise<Map<string, string>> {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configNames: ['min.insync.replicas'],
    })),
  });
  return new Map(
    described.resources.map((r) => [r.resourceName, r.configEntries[0]?.configValue ?? 'unset']),
  );
}
