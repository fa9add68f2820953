import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { testEnvironment, uniqueName, withDeadline } from '@tks/testing';
import { ensureTopics } from '../src';

const root = join(__dirname, '..', '..', '..');

/**
 * A consumer process of the compiled messaging library that handles one event: `crash` dies with
 * SIGKILL inside the handler (as on running out of memory), `apply` applies it. The event comes
 * with a Kafka origin (topic, partition 1, offset 42), as the Kafka server gives it.
 */
const consumerScript = `
const { DataSource } = require('typeorm');
const { z } = require('zod');
const { Kafka, logLevel } = require('kafkajs');
const m = require('${join(root, 'dist', 'libs', 'messaging', 'src')}');
const { Topics } = require('${join(root, 'dist', 'libs', 'contracts', 'src')}');
(async () => {
  const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, schema: process.env.SCHEMA, entities: [m.InboxEntry, m.OutboxMessage] });
  await ds.initialize();
  const kafka = new Kafka({ clientId: 'crash-test', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  await m.ensureTopics(kafka, [Topics.deadLetter]);
  const producer = new m.EventProducer(kafka);
  await producer.connect();
  const contract = { topic: { name: process.env.TOPIC }, type: 'test.crashing', version: 1, payload: z.object({ n: z.number() }) };
  const consumer = new m.EventConsumer(ds, producer, { service: 'crash-test', maxAttempts: 3, baseDelayMs: 1 });
  const origin = { topic: process.env.TOPIC, partition: 1, offset: '42', heartbeat: async () => undefined };
  const outcome = await m.messageContext.run(origin, () =>
    consumer.consume(contract, JSON.parse(process.env.EVENT), async () => {
      console.log('HANDLING');
      if (process.env.MODE === 'crash') process.kill(process.pid, 'SIGKILL');
    }),
  );
  console.log('OUTCOME ' + outcome);
  await producer.disconnect();
  await ds.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
`;

function runTks(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'cli', 'bin', 'tks.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

function runConsumer(env: Record<string, string>): Promise<{ signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', join(root, 'scripts', 'register-paths.js'), '-e', consumerScript],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, output }));
  });
}

/**
 * Issue 17: a message that kills its consumer is not redelivered for ever. Its attempts are
 * counted in the consumer's database before each one, so after the last allowed attempt the next
 * delivery goes to the dead-letter topic, with its origin and the reason, instead of the handler.
 */
// Each attempt is a Node process of its own (start, database, broker): a dozen of them per test.
jest.setTimeout(240_000);

describe('an event that kills its consumer', () => {
  const env = testEnvironment();
  const schema = uniqueName('crash');
  const namespace = uniqueName('crash');
  const db = new Client({ connectionString: env.databaseUrl });
  const kafka = new Kafka({ clientId: 'crash-test', brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    await db.connect();
    await db.query(`CREATE SCHEMA "${schema}"`);
    await db.query(`CREATE TABLE "${schema}".inbox (event_id uuid PRIMARY KEY, topic text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now())`);
  });

  afterAll(async () => {
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    await db.end();
  });

  it('goes to the dead-letter topic with its topic, partition, offset and reason after the allowed attempts', async () => {
    const topic = `${namespace}.tks.test.crashing`;
    const event = {
      id: randomUUID(),
      type: 'test.crashing',
      version: 1,
      occurredAt: new Date().toISOString(),
      key: 'k',
      payload: { n: 1 },
    };
    const childEnv = {
      DATABASE_URL: env.databaseUrl,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      TKS_NAMESPACE: namespace,
      SCHEMA: schema,
      TOPIC: topic,
      EVENT: JSON.stringify(event),
    };
    for (let attempt = 1; attempt <= 3; attempt++) {
      const run = await runConsumer({ ...childEnv, MODE: 'crash' });
      expect(run).toMatchObject({ signal: 'SIGKILL', output: expect.stringContaining('HANDLING') });
    }
    const fourth = await runConsumer({ ...childEnv, MODE: 'crash' });
    expect(fourth.signal).toBeNull();
    expect(fourth.output).not.toContain('HANDLING');
    expect(fourth.output).toContain('OUTCOME dead-lettered');

    const [letter] = await readTopic(env.kafkaBrokers, `${namespace}.tks.dead-letter.v1`, 1);
    expect(letter.payload).toMatchObject({
      service: 'crash-test',
      sourceTopic: topic,
      partition: 1,
      offset: '42',
      attempts: 3,
      kind: 'failing',
      reason: expect.stringContaining('died'),
      original: event,
    });

    // The operator finds it, reads it and replays it to its topic with the command line.
    const tks = (...args: string[]) =>
      runTks(args, { KAFKA_BROKERS: childEnv.KAFKA_BROKERS, TKS_NAMESPACE: namespace });
    const listed = JSON.parse((await tks('admin', 'dead-letters', 'list', '--json')).stdout) as Array<{
      id: string;
      position: string;
      letter: { sourceTopic: string; offset: string };
    }>;
    expect(listed).toHaveLength(1);
    expect(listed[0].letter).toMatchObject({ sourceTopic: topic, offset: '42' });
    const shown = await tks('admin', 'dead-letters', 'show', listed[0].position);
    expect(shown).toMatchObject({ code: 0, stdout: expect.stringContaining(event.id) });
    expect(await tks('admin', 'dead-letters', 'show', randomUUID())).toMatchObject({ code: 1 });
    await ensureTopics(kafka, [{ name: topic, partitions: 1, config: {} }]);
    const replay = await tks('admin', 'dead-letters', 'replay', listed[0].id);
    expect(replay).toMatchObject({ code: 0, stdout: expect.stringContaining(event.id) });
    const [republished] = await readTopic(env.kafkaBrokers, topic, 1);
    expect(republished).toEqual(event);

    // Replayed to its topic after a fix, it is handled afresh, not dead-lettered at once.
    const replayed = await runConsumer({ ...childEnv, MODE: 'apply' });
    expect(replayed.output).toContain('HANDLING');
    expect(replayed.output).toContain('OUTCOME applied');
  });

  it("counts a death out of memory (the fault suite's injection) as an attempt, and dead-letters after the last", async () => {
    const ownNamespace = uniqueName('oom');
    const topic = `${ownNamespace}.tks.test.crashing`;
    const event = (n: number) => ({
      id: randomUUID(),
      type: 'test.crashing',
      version: 1,
      occurredAt: new Date().toISOString(),
      key: 'k',
      payload: { n },
    });
    const marked = event(2);
    const childEnv = {
      DATABASE_URL: env.databaseUrl,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      TKS_NAMESPACE: ownNamespace,
      SCHEMA: schema,
      TOPIC: topic,
      MODE: 'apply',
      NODE_OPTIONS: '--max-old-space-size=48',
      TKS_FAULT_INJECTION: `exhaust-memory-on:${marked.id}`,
    };
    // An event without the text is handled as usual by the same process settings.
    const unmarked = await runConsumer({ ...childEnv, EVENT: JSON.stringify(event(3)) });
    expect(unmarked.output).toContain('OUTCOME applied');
    for (let attempt = 1; attempt <= 3; attempt++) {
      const run = await runConsumer({ ...childEnv, EVENT: JSON.stringify(marked) });
      expect(run.signal).toBe('SIGABRT');
      expect(run.output).toContain('JavaScript heap out of memory');
      expect(run.output).not.toContain('HANDLING');
    }
    const fourth = await runConsumer({ ...childEnv, EVENT: JSON.stringify(marked) });
    expect(fourth.output).toContain('OUTCOME dead-lettered');
    const [letter] = await readTopic(env.kafkaBrokers, `${ownNamespace}.tks.dead-letter.v1`, 1);
    expect(letter.payload).toMatchObject({ attempts: 3, kind: 'failing', original: marked });
  });
});

async function readTopic(
  brokers: string[],
  topic: string,
  count: number,
): Promise<Array<Record<string, unknown> & { payload: unknown }>> {
  const kafka = new Kafka({ clientId: 'crash-test-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const values: Array<Record<string, unknown> & { payload: unknown }> = [];
    await withDeadline(
      `${count} messages from ${topic}`,
      new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            values.push(JSON.parse(String(message.value)) as Record<string, unknown> & { payload: unknown });
            if (values.length >= count) resolve();
          },
        });
      }),
      30_000,
    );
    return values;
  } finally {
    await consumer.disconnect();
  }
}
