import { mkdtemp } from 'node:fs/promises';
import { Client } from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificatesClient } from '../../../cli/certificates-client';
import { GatewayClient } from '../../../cli/gateway-client';
import { poll } from '../../../cli/poll';
import { writeApiKeysFile } from '../../../services/gateway/test/support/api-keys-file';
import { grantSubscribers, type ApiKeyRecord } from '../../../services/gateway/src/access/api-key-records';
import {
  databaseUrlFor,
  dropDatabase,
  freePort,
  RunningService,
  startService,
  stopService,
  testEnvironment,
  uniqueName,
  waitForHttp,
  waitForLog,
} from '@tks/testing';
import { opensslClientSigner, OpensslClientSigner } from '@tks/testing';

type KeySpec = Omit<Partial<ApiKeyRecord>, 'name' | 'sha256'> & Pick<ApiKeyRecord, 'role'>;

export interface RunningPipeline<Name extends string> {
  gatewayUrl: string;
  keys: Record<Name, string>;
  services: RunningService[];
  /**
   * Adds subscribers to a client key, as `api-key-admin grant` does: a subscriber's id exists only
   * once it is registered, after the keys file was applied at start.
   */
  grantSubscribers(keyName: Name, subscriberIds: string[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The four services on a database, document store and Kafka namespace of their own, with API
 * keys from a keys file, for end-to-end tests that drive the gateway from outside.
 */
export async function startPipeline<Name extends string>(
  keySpecs: Record<Name, KeySpec>,
): Promise<RunningPipeline<Name>> {
  const env = testEnvironment();
  const database = uniqueName('tks_e2e');
  const port = await freePort();
  const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-e2e-keys-')), keySpecs);
  const shared = {
    API_KEYS_FILE: apiKeys.path,
    DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-e2e-documents-')),
    TKS_NAMESPACE: uniqueName('e2e'),
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    TAX_AUTHORITY_REGISTRATION_DELAY_MS: '200',
    CERTIFICATE_SCAN_INTERVAL_MS: '200',
  };
  const services = (['registry', 'signer', 'receipts', 'gateway'] as const).map((name) =>
    startService(name, shared),
  );
  for (const service of services) await waitForLog(service, 'service started', 90_000);
  await waitForHttp(`http://127.0.0.1:${port}/api/v1/openapi.json`, services[3]);
  return {
    gatewayUrl: `http://127.0.0.1:${port}`,
    keys: apiKeys.keys,
    services,
    grantSubscribers: async (keyName, subscriberIds) => {
      const client = new Client({ connectionString: shared.DATABASE_URL });
      await client.connect();
      try {
        await grantSubscribers((sql, parameters) => client.query(sql, parameters), keyName, subscriberIds);
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      await Promise.all(services.map((s) => stopService(s)));
      await dropDatabase(env.databaseUrl, database);
    },
  };
}

export interface SignedSubscriber {
  subscriberId: string;
  signer: OpensslClientSigner;
}

/** Registers a company, binds its GOST test certificate and waits for the tax authority to register it. */
export async function registerSignedSubscriber(
  gatewayUrl: string,
  operatorKey: string,
  company: { name: string; inn: string; kpp: string; ogrn: string },
): Promise<SignedSubscriber> {
  const client = new GatewayClient(gatewayUrl, operatorKey);
  const requested = await client.registerSubscriber({ kind: 'company', ...company });
  // The first decision waits for the services' consumer groups to join, which on a fresh broker
  // (the fault suite's own) also creates the group offsets topic: slow on a loaded machine.
  const registration = await client.waitForRegistration(requested.registrationId, 180_000);
  if (!registration.subscriberId) throw new Error(`registration ${registration.status}`);
  const signer = await opensslClientSigner(testEnvironment().pkiDir, `${company.name} signer`, {
    org: company.name,
    innLe: company.inn,
    ogrn: company.ogrn,
  });
  const certificates = new CertificatesClient(gatewayUrl, operatorKey);
  const request = await certificates.bind(registration.subscriberId, signer.pem);
  await certificates.waitForDecision(request.requestId, 30_000);
  await poll(
    () => certificates.list(registration.subscriberId as string),
    (list) => list[0]?.taxAuthority.status === 'registered',
    30_000,
    'the certificate to be registered with the tax authority',
  );
  return { subscriberId: registration.subscriberId, signer };
}
