import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { createGostEngine, loadKeyFileIdentity, openPkcs11Provider } from '@tks/crypto';
import { parseSigningKey } from '@tks/platform';
import { testEnvironment, uniqueName } from '@tks/testing';

/** What the parts allow on this machine, measured in the same run as the pipeline. */
export interface Baselines {
  /** 1-KB messages produced (acks=all) and consumed with kafkajs, per second, end to end. */
  kafkaMessagesPerSecond: number;
  /** Single-row INSERT transactions per second, 8 connections. */
  postgresInsertsPerSecond: number;
  /** Raw ECDSA P-256 signatures per second on the PKCS#11 token (SoftHSM here). */
  tokenSignaturesPerSecond: number;
  /** Raw GOST R 34.10-2012 signatures per second with the operator's key (OPERATOR_SIGNING_KEY). */
  operatorKeySignaturesPerSecond: number;
}

async function rate(task: () => Promise<unknown>, parallel: number, ms: number): Promise<number> {
  const started = performance.now();
  const deadline = started + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        await task();
        done += 1;
      }
    }),
  );
  return Math.round(done / ((performance.now() - started) / 1000));
}

async function kafkaRate(messages: number): Promise<number> {
  const kafka = new Kafka({
    clientId: 'bench-baseline',
    brokers: testEnvironment().kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const topic = uniqueName('bench-baseline');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: topic });
  try {
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic, fromBeginning: true });
    let consumed = 0;
    const allConsumed = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          consumed += batch.messages.length;
          if (consumed >= messages) resolve();
        },
      });
    });
    const value = randomBytes(1024);
    const started = performance.now();
    for (let sent = 0; sent < messages; sent += 500) {
      const batch = Array.from({ length: Math.min(500, messages - sent) }, (_, i) => ({
        key: String(sent + i),
        value,
      }));
      await producer.send({ topic, acks: -1, messages: batch });
    }
    await allConsumed;
    return Math.round(messages / ((performance.now() - started) / 1000));
  } finally {
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function postgresRate(ms: number): Promise<number> {
  const clients = Array.from(
    { length: 8 },
    () => new Client({ connectionString: testEnvironment().databaseUrl }),
  );
  await Promise.all(clients.map((c) => c.connect()));
  try {
    await Promise.all(
      clients.map((c) =>
        c.query('CREATE TEMP TABLE bench_rows (id bigserial PRIMARY KEY, payload text NOT NULL)'),
      ),
    );
    const payload = 'x'.repeat(200);
    // One connection per worker: a connection runs one transaction at a time.
    const counts = await Promise.all(
      clients.map((client) =>
        rate(() => client.query('INSERT INTO bench_rows (payload) VALUES ($1)', [payload]), 1, ms),
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

async function tokenRate(ms: number): Promise<number> {
  const pinFile = process.env.PKCS11_PIN_FILE;
  if (!pinFile || !process.env.PKCS11_LIBRARY || !process.env.PKCS11_TOKEN_LABEL) {
    throw new Error('PKCS11_LIBRARY, PKCS11_TOKEN_LABEL and PKCS11_PIN_FILE are needed: source infra/env.sh');
  }
  const provider = await openPkcs11Provider({
    library: process.env.PKCS11_LIBRARY,
    tokenLabel: process.env.PKCS11_TOKEN_LABEL,
    pin: (await readFile(pinFile, 'utf8')).replace(/\r?\n$/, ''),
  });
  try {
    const identity = await provider.findSigningIdentity('operator');
    const digest = new Uint8Array(32);
    return await rate(
      () => provider.engine.sign({ name: 'ECDSA', hash: 'SHA-256' }, identity.privateKey, digest),
      1,
      ms,
    );
  } finally {
    await provider.close();
  }
}

async function operatorKeyRate(ms: number): Promise<number> {
  const location = parseSigningKey(
    process.env.OPERATOR_SIGNING_KEY ?? `file:${process.env.TKS_KEYS_DIR}/operator`,
  );
  if (location.backend !== 'file') return tokenRate(ms);
  const identity = await loadKeyFileIdentity('operator', location);
  const engine = createGostEngine();
  const attributes = randomBytes(200);
  return rate(
    () => engine.signWithPrivateKey(attributes, identity.privateKey, { algorithm: { name: 'x' } }),
    1,
    ms,
  );
}

export async function measureBaselines(seconds: number): Promise<Baselines> {
  const ms = seconds * 1000;
  return {
    kafkaMessagesPerSecond: await kafkaRate(Number(process.env.BENCH_KAFKA_MESSAGES ?? 50_000)),
    postgresInsertsPerSecond: await postgresRate(ms),
    tokenSignaturesPerSecond: await tokenRate(ms),
    operatorKeySignaturesPerSecond: await operatorKeyRate(ms),
  };
}
