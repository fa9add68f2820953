import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { BrokerProbe } from './broker-probe';

/** One application's outbox and consumer group, watched by the gauges below. */
export interface MessagingSource {
  service: string;
  dataSource: DataSource;
  probe: BrokerProbe;
  groupId: string;
}

/**
 * Gauges are read when Prometheus scrapes, from the database and the broker, so they cost
 * nothing between scrapes. One process may host several applications (the receipts service hosts
 * the tax office), each a source labelled by its service name.
 */
const sources = new Set<MessagingSource>();

export function watchMessaging(source: MessagingSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

new Gauge({
  name: 'tks_outbox_backlog',
  help: 'Outbox rows committed but not yet published to Kafka',
  labelNames: ['service'] as const,
  registers: [register],
  async collect() {
    this.reset();
    for (const [service, rows] of await readOutboxes()) this.set({ service }, rows.pending);
  },
});

new Gauge({
  name: 'tks_outbox_oldest_pending_seconds',
  help: 'Age of the oldest unpublished outbox row (0 when none is pending)',
  labelNames: ['service'] as const,
  registers: [register],
  async collect() {
    this.reset();
    for (const [service, rows] of await readOutboxes()) this.set({ service }, rows.oldestSeconds);
  },
});

new Gauge({
  name: 'tks_consumer_lag',
  help: "Messages on the service's topics its consumer group has not committed yet, by topic",
  labelNames: ['service', 'topic'] as const,
  registers: [register],
  async collect() {
    this.reset();
    await Promise.all(
      [...sources].map(async (source) => {
        const lag = await consumerLag(source).catch(() => new Map<string, number>());
        for (const [topic, value] of lag) this.set({ service: source.service, topic }, value);
      }),
    );
  },
});

/** Each source's outbox; a source whose database does not answer is left out of the scrape. */
async function readOutboxes(): Promise<Map<string, { pending: number; oldestSeconds: number }>> {
  const read = await Promise.all(
    [...sources].map(async (source) => [source.service, await readOutbox(source).catch(() => null)] as const),
  );
  return new Map(
    read.filter((entry): entry is [string, { pending: number; oldestSeconds: number }] => entry[1] !== null),
  );
}

async function readOutbox(source: MessagingSource): Promise<{ pending: number; oldestSeconds: number }> {
  const schema = (source.dataSource.options as { schema?: string }).schema ?? 'public';
  const [row] = (await source.dataSource.query(
    `SELECT count(*)::int AS pending,
            coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS oldest
     FROM "${schema}".outbox WHERE published_at IS NULL`,
  )) as Array<{ pending: number; oldest: number }>;
  return { pending: row.pending, oldestSeconds: row.oldest };
}

/** High watermark minus the group's committed offset, summed over each topic's partitions. */
async function consumerLag(source: MessagingSource): Promise<Map<string, number>> {
  return source.probe.withAdmin(async (admin) => {
    const committed = await admin.fetchOffsets({ groupId: source.groupId });
    const lag = new Map<string, number>();
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      let total = 0;
      for (const end of ends) {
        const offset = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const from = Number(offset) >= 0 ? Number(offset) : Number(end.low);
        total += Math.max(0, Number(end.high) - from);
      }
      lag.set(topic, total);
    }
    return lag;
  });
}
