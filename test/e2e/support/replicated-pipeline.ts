import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeApiKeysFile } from '../../../services/gateway/test/support/api-keys-file';
import {
  databaseUrlFor,
  dropDatabase,
  freePort,
  objectStoreForTest,
  RunningService,
  ServiceName,
  startService,
  stopService,
  testEnvironment,
  uniqueName,
  waitForHttp,
  waitForLog,
} from '@tks/testing';

export interface ReplicatedPipeline {
  /** One URL per gateway instance. */
  gatewayUrls: string[];
  operatorKey: string;
  namespace: string;
  /** The database all instances share. */
  databaseUrl: string;
  services: RunningService[];
  stop(): Promise<void>;
}

/**
 * Every service `replicas` times, as on several machines: one database, one broker, one S3 bucket
 * prefix shared; each instance its own process, port, metrics port and (for the simulated tax
 * office, which is per machine) its own directory. The gateways each get a port of their own.
 */
export async function startReplicatedPipeline(
  replicas: number,
  extra: Record<string, string> = {},
): Promise<ReplicatedPipeline> {
  const env = testEnvironment();
  const database = uniqueName('tks_e2e_replicas');
  const namespace = uniqueName('e2erep');
  const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-e2e-replicas-keys-')), {
    operator: { role: 'operator' },
  });
  const shared = {
    API_KEYS_FILE: apiKeys.path,
    DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    ...objectStoreForTest(uniqueName('replicas')).serviceEnv,
    TKS_NAMESPACE: namespace,
    GATEWAY_HOST: '127.0.0.1',
    TAX_AUTHORITY_REGISTRATION_DELAY_MS: '200',
    CERTIFICATE_SCAN_INTERVAL_MS: '200',
    ...extra,
  };
  const ports = await Promise.all(Array.from({ length: replicas }, () => freePort()));
  const services: RunningService[] = [];
  const stopAll = () => Promise.all(services.map((s) => stopService(s)));
  try {
    // The first instance of each service creates the schema and the topics; the others join after.
    for (let replica = 0; replica < replicas; replica++) {
      const taxOfficeDir = await mkdtemp(join(tmpdir(), `tks-e2e-replicas-tax-office-${replica}-`));
      const started = (
        ['registry', 'signer', 'receipts', 'gateway'] as const satisfies readonly ServiceName[]
      ).map((name) =>
        startService(name, {
          ...shared,
          GATEWAY_PORT: String(ports[replica]),
          TAX_OFFICE_STORE_DIR: taxOfficeDir,
        }),
      );
      services.push(...started);
      for (const service of started) await waitForLog(service, 'service started', 180_000);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const gatewayUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  const gateways = services.filter((s) => s.name === 'gateway');
  for (const [i, url] of gatewayUrls.entries()) await waitForHttp(`${url}/api/v1/openapi.json`, gateways[i]!);
  return {
    gatewayUrls,
    operatorKey: apiKeys.keys.operator,
    namespace,
    databaseUrl: shared.DATABASE_URL,
    services,
    stop: async () => {
      await stopAll();
      await dropDatabase(env.databaseUrl, database);
    },
  };
}
