import { Module, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { createMessagingTables } from '@tks/messaging';
import { freePort, testEnvironment, uniqueName } from '@tks/testing';
import { ObservabilityModule } from '../src';

/**
 * `/health/ready` on the real PostgreSQL and Kafka broker: ready when both answer, not ready when
 * the broker setting points at a closed port or the database connection goes through a proxy
 * that is then shut. The shared broker and server are never stopped.
 */
describe('metrics and health of a service', () => {
  const env = testEnvironment();
  const schema = uniqueName('obs');
  let setup: DataSource;

  beforeAll(async () => {
    setup = new DataSource({ type: 'postgres', url: env.databaseUrl });
    await setup.initialize();
    await setup.query(`CREATE SCHEMA "${schema}"`);
    const runner = setup.createQueryRunner();
    await createMessagingTables(runner, schema);
    await runner.release();
    await setup.query(
      `INSERT INTO "${schema}".outbox (id, topic, key, envelope) VALUES (gen_random_uuid(), 't', 'k', '{}')`,
    );
  });

  afterAll(async () => {
    await setup.query(`DROP SCHEMA "${schema}" CASCADE`);
    await setup.destroy();
  });

  /** A Nest app with only a data source and the observability module, as bootstrap wires it. */
  async function start(
    databaseUrl: string,
    brokers: string[],
  ): Promise<{ app: INestApplication; url: string }> {
    @Module({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: databaseUrl, schema, retryAttempts: 0 }),
        ObservabilityModule.forService('observed', brokers),
      ],
    })
    class ObservedModule {}
    const app = await NestFactory.create(ObservedModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return { app, url: `http://127.0.0.1:${port}` };
  }

  const readiness = async (url: string) => {
    const response = await fetch(`${url}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('is live and ready with the database and the broker up, and serves the tks_ metrics', async () => {
    const { app, url } = await start(env.databaseUrl, env.kafkaBrokers);
    try {
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      // The metrics registry is the process's: other tests of this file may have counted before.
      const readyAnswered =
        /tks_http_requests_total\{method="GET",route="\/health\/ready",status="200"\} (\d+)/;
      const before = Number(readyAnswered.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);
      const ready = await readiness(url);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, broker: { status: 'up' } },
      });

      const response = await fetch(`${url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('tks_outbox_backlog{service="observed"} 1');
      expect(text).toMatch(/tks_outbox_oldest_pending_seconds\{service="observed"\} \d/);
      expect(Number(readyAnswered.exec(text)?.[1])).toBe(before + 1);
      expect(text).toContain('# TYPE tks_dead_letters_total counter');
      expect(text).toContain('# TYPE tks_signing_seconds histogram');
      expect(text).toContain('# TYPE tks_consumer_lag gauge');
      expect(text).toContain('tks_process_cpu_seconds_total');
    } finally {
      await app.close();
    }
  });

  it('is not ready, but live, when the broker setting points at a closed port', async () => {
    const closed = await freePort();
    const { app, url } = await start(env.databaseUrl, [`127.0.0.1:${closed}`]);
    try {
      const started = Date.now();
      const ready = await readiness(url);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'error',
        error: { broker: { status: 'down' } },
        info: { database: { status: 'up' } },
      });
      expect(Date.now() - started).toBeLessThan(6_000);
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      // Gauges that cannot reach the broker are left out rather than failing the scrape.
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('is not ready when the database stops answering', async () => {
    const proxy = await tcpProxy(new URL(env.databaseUrl));
    const through = new URL(env.databaseUrl);
    through.host = `127.0.0.1:${proxy.port}`;
    const { app, url } = await start(through.toString(), env.kafkaBrokers);
    try {
      expect((await readiness(url)).status).toBe(200);
      await proxy.close();
      const ready = await readiness(url);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        error: { database: { status: 'down' } },
        info: { broker: { status: 'up' } },
      });
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});

/** Forwards a loopback port to the database; closing it cuts every connection and refuses new ones. */
async function tcpProxy(target: URL): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = new Socket();
    outbound.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
