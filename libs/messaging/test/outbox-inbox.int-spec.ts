import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { EventContract, Topics } from '@tks/contracts';
import { testEnvironment, uniqueName } from '@tks/testing';
import {
  createMessagingTables,
  enqueueEvent,
  ensureTopics,
  EventConsumer,
  EventProducer,
  InboxEntry,
  OutboxMessage,
  OutboxRelay,
  pruneMessagingTables,
} from '../src';

/**
 * The outbox and the inbox on the real PostgreSQL and Kafka broker: what commits is published,
 * what rolls back is not, and a redelivered event is applied once.
 */
describe('outbox relay and inbox consumer', () => {
  const env = testEnvironment();
  const schema = uniqueName('msg');
  const kafka = new Kafka({ clientId: 'int-test', brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING });
  let dataSource: DataSource;
  let producer: EventProducer;

  /** Each test gets a topic of its own, so the tests run alone and in any order. */
  async function freshContract(): Promise<EventContract<{ n: number }>> {
    const contract: EventContract<{ n: number }> = {
      topic: { name: uniqueName('tks.test.counted'), partitions: 2, config: {} },
      type: 'test.counted',
      version: 1,
      payload: z.object({ n: z.number().int() }),
    };
    await ensureTopics(kafka, [contract.topic]);
    return contract;
  }

  /** Commits one event per value through the outbox, publishes them and reads them back. */
  async function published(contract: EventContract<{ n: number }>, values: number[]) {
    for (const n of values) await dataSource.transaction((m) => enqueueEvent(m, contract, 'k', { n }));
    await new OutboxRelay(dataSource, producer, { lockName: schema }).publishPending();
    return readTopic(kafka, contract.topic.name, values.length);
  }

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: env.databaseUrl,
      schema,
      entities: [OutboxMessage, InboxEntry],
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.query(`CREATE TABLE "${schema}".effects (n integer NOT NULL)`);
    const runner = dataSource.createQueryRunner();
    await createMessagingTables(runner, schema);
    await runner.release();
    await ensureTopics(kafka, [Topics.deadLetter]);
    producer = new EventProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('publishes committed events in order and never a rolled-back one', async () => {
    const contract = await freshContract();
    await dataSource.transaction((m) => enqueueEvent(m, contract, 'k', { n: 1 }));
    await dataSource
      .transaction(async (m) => {
        await enqueueEvent(m, contract, 'k', { n: 99 });
        throw new Error('use case failed');
      })
      .catch(() => undefined);
    await dataSource.transaction((m) => enqueueEvent(m, contract, 'k', { n: 2 }));

    const relay = new OutboxRelay(dataSource, producer, { lockName: schema });
    expect(await relay.publishPending()).toBe(2);
    expect(await relay.publishPending()).toBe(0);

    const values = await readTopic(kafka, contract.topic.name, 2);
    expect(values.map((v) => (v.payload as { n: number }).n)).toEqual([1, 2]);
  });

  it('publishes many large events of one partition in batches the topic accepts', async () => {
    // A big container goes to the tax office as parts of about 1.4 MB each, all committed at once and
    // keyed alike: one partition, whose record batch the topic caps (max.message.bytes, 4 MiB here).
    const contract: EventContract<{ data: string }> = {
      topic: {
        name: uniqueName('tks.test.parts'),
        partitions: 1,
        config: { 'max.message.bytes': String(4 * 1024 * 1024) },
      },
      type: 'test.part',
      version: 1,
      payload: z.object({ data: z.string() }),
    };
    await ensureTopics(kafka, [contract.topic]);
    const parts = 12;
    await dataSource.transaction(async (m) => {
      for (let i = 0; i < parts; i++) {
        await enqueueEvent(m, contract, 'docflow', { data: String(i).padEnd(1_400_000, 'x') });
      }
    });
    const relay = new OutboxRelay(dataSource, producer, { lockName: schema });
    let sent = 0;
    for (let batch = 0; batch < parts && sent < parts; batch++) sent += await relay.publishPending();
    expect(sent).toBe(parts);
    const values = await readTopic(kafka, contract.topic.name, parts);
    expect(values.map((v) => (v.payload as { data: string }).data.replace(/x+$/, ''))).toEqual(
      Array.from({ length: parts }, (_, i) => String(i)),
    );
  });

  it('applies a redelivered event once and dead-letters one that breaks its contract', async () => {
    const contract = await freshContract();
    const [event] = await published(contract, [101]);
    const consumer = new EventConsumer(dataSource, producer, { service: 'int-test', baseDelayMs: 1 });
    const apply = (raw: unknown) =>
      consumer.consume(contract, raw, async (e, m) => {
        await m.query(`INSERT INTO "${schema}".effects (n) VALUES ($1)`, [e.payload.n]);
      });

    expect(await apply(event)).toBe('applied');
    expect(await apply(event)).toBe('duplicate');
    expect(await apply({ ...event, payload: { n: 'not a number' } })).toBe('dead-lettered');
    const rows = (await dataSource.query(`SELECT n FROM "${schema}".effects WHERE n = 101`)) as unknown[];
    expect(rows).toHaveLength(1);
  });

  it('rolls back the inbox entry with the effect when the handler fails, so a retry can apply it', async () => {
    const contract = await freshContract();
    const [event] = await published(contract, [202]);
    let calls = 0;
    const consumer = new EventConsumer(dataSource, producer, {
      service: 'int-test',
      baseDelayMs: 1,
      maxAttempts: 3,
    });
    const outcome = await consumer.consume(contract, event, async (e, m) => {
      calls++;
      await m.query(`INSERT INTO "${schema}".effects (n) VALUES ($1)`, [e.payload.n]);
      if (calls < 2) throw new Error('transient');
    });
    expect(outcome).toBe('applied');
    expect(calls).toBe(2);
    const rows = (await dataSource.query(`SELECT n FROM "${schema}".effects WHERE n = 202`)) as unknown[];
    expect(rows).toHaveLength(1);
  });

  it('waits out a full document store without spending attempts, so the event is applied, not dead-lettered', async () => {
    const contract = await freshContract();
    const [event] = await published(contract, [303]);
    let calls = 0;
    const consumer = new EventConsumer(dataSource, producer, {
      service: 'int-test',
      baseDelayMs: 1,
      maxAttempts: 2,
      storageFullRetryMs: 1,
    });
    const full = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    // Six times the attempts a failing event gets, then one ordinary failure, then space again.
    const outcome = await consumer.consume(contract, event, async (e, m) => {
      calls++;
      await m.query(`INSERT INTO "${schema}".effects (n) VALUES ($1)`, [e.payload.n]);
      if (calls <= 12) throw new Error('sealing failed', { cause: full() });
      if (calls === 13) throw new Error('transient');
    });
    expect(outcome).toBe('applied');
    expect(calls).toBe(14);
    const rows = (await dataSource.query(`SELECT n FROM "${schema}".effects WHERE n = 303`)) as unknown[];
    expect(rows).toHaveLength(1);
  });
});

describe('messaging housekeeping', () => {
  const env = testEnvironment();
  const schema = uniqueName('prune');
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: env.databaseUrl,
      schema,
      entities: [OutboxMessage, InboxEntry],
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    const runner = dataSource.createQueryRunner();
    await createMessagingTables(runner, schema);
    await runner.release();
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('deletes published outbox rows and old inbox ids past retention, never an unpublished row', async () => {
    const outbox = `"${schema}".outbox`;
    await dataSource.query(
      `INSERT INTO ${outbox} (id, topic, key, envelope, published_at) VALUES
        (gen_random_uuid(), 't', 'k', '{}', now() - interval '2 days'),
        (gen_random_uuid(), 't', 'k', '{}', now()),
        (gen_random_uuid(), 't', 'k', '{}', NULL)`,
    );
    await dataSource.query(
      `INSERT INTO "${schema}".inbox (event_id, topic, processed_at) VALUES
        (gen_random_uuid(), 't', now() - interval '16 days'), (gen_random_uuid(), 't', now())`,
    );
    await pruneMessagingTables(dataSource);
    const left = (await dataSource.query(
      `SELECT published_at IS NULL AS pending FROM ${outbox} ORDER BY seq`,
    )) as Array<{
      pending: boolean;
    }>;
    expect(left).toEqual([{ pending: false }, { pending: true }]);
    const inbox = (await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".inbox`)) as Array<{
      n: number;
    }>;
    expect(inbox[0].n).toBe(1);
  });
});

async function readTopic(kafka: Kafka, topic: string, count: number): Promise<Array<{ payload: unknown }>> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const values: Array<{ payload: unknown }> = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${values.length} of ${count} messages from ${topic} within 30 s`)),
        30_000,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(JSON.parse(String(message.value)) as { payload: unknown });
          if (values.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return values;
  } finally {
    // Also on a time-out: a consumer left running outlives the test file.
    await consumer.disconnect();
  }
}
