import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  databaseUrlFor,
  dropDatabase,
  freePort,
  RunningService,
  startedPort,
  startService,
  stopService,
  testEnvironment,
  uniqueName,
  waitForLog,
} from '@tks/testing';

/**
 * The four services on a fresh namespace (new topics, new consumer groups: what a first start on
 * a fresh broker meets): each answers /metrics with its tks_ metrics and /health/ready, and none
 * logs an ERROR line while the broker creates topics and elects group coordinators.
 */
describe('a first start: metrics, health and a quiet log', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_e2e_obs');
  const services: RunningService[] = [];

  beforeAll(async () => {
    const shared = {
      DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-e2e-documents-')),
      TKS_NAMESPACE: uniqueName('e2e'),
      GATEWAY_PORT: String(await freePort()),
      GATEWAY_HOST: '127.0.0.1',
    };
    for (const name of ['registry', 'signer', 'receipts', 'gateway'] as const) {
      services.push(startService(name, shared));
    }
    for (const service of services) await waitForLog(service, 'service started', 90_000);
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => stopService(s)));
    await dropDatabase(env.databaseUrl, database);
  });

  const url = (service: RunningService, path: string) => `http://127.0.0.1:${startedPort(service)}${path}`;

  it('serves Prometheus metrics with the tks_ prefix from every service', async () => {
    for (const service of services) {
      const response = await fetch(url(service, '/metrics'));
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('tks_process_cpu_seconds_total');
      expect(text).toContain(`tks_outbox_backlog{service="${service.name}"}`);
      expect(text).toContain('# TYPE tks_consumer_lag gauge');
      expect(text).toContain('# TYPE tks_dead_letters_total counter');
    }
    const gateway = await (await fetch(url(services[3], '/metrics'))).text();
    expect(gateway).toContain('# TYPE tks_filings gauge');
    expect(gateway).toContain('tks_http_requests_total{method="GET",route="/metrics",status="200"}');
  });

  it('is live and ready on every service', async () => {
    for (const service of services) {
      expect((await fetch(url(service, '/health/live'))).status).toBe(200);
      const ready = await fetch(url(service, '/health/ready'));
      expect({ service: service.name, status: ready.status }).toEqual({ service: service.name, status: 200 });
    }
  });

  it('logs no ERROR line on a first start', () => {
    for (const service of services) {
      const errors = service
        .output()
        .split('\n')
        .filter((line) => /"level":"error"|\bERROR\b/.test(line));
      expect({ service: service.name, errors }).toEqual({ service: service.name, errors: [] });
    }
  });
});
