import { Client } from 'pg';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import type { CertificateState } from '@tks/contracts';
import { writeApiKeysFile } from './api-keys-file';
import { certificateState, opensslSigningCertificate, TestSigningCertificate } from './test-certificates';

export const SUBSCRIBER_A = '2TK-0000000000000000000000000000000a';
export const SUBSCRIBER_B = '2TK-0000000000000000000000000000000b';
export const SUBSCRIBER_PERSON = '2TK-0000000000000000000000000000000c';

/**
 * The compiled gateway alone, on the real broker and database, in a database, document store and
 * Kafka namespace of its own, with API keys for two clients, an inspector and the operator, and
 * three subscribers in its read model, each with a usable qualified certificate (written straight
 * into the gateway's own tables: the registry is not what these tests are about); `certificates`
 * holds their keys, so tests can sign as the subscriber. `start` spawns the gateway: from compiled code
 * elsewhere than under Jest (the benchmark) the default's paths do not hold.
 */
export async function startGatewayUnderTest(
  extraEnv: Record<string, string> = {},
  start: (env: Record<string, string>) => RunningService = (env) => startService('gateway', env),
) {
  const env = testEnvironment();
  const database = uniqueName('tks_gateway');
  const databaseUrl = databaseUrlFor(env.databaseUrl, database);
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'tks-gateway-documents-'));
  const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-gateway-keys-')), {
    operator: { role: 'operator' },
    clientA: { role: 'client', subscribers: [SUBSCRIBER_A, SUBSCRIBER_PERSON] },
    clientB: { role: 'client', subscribers: [SUBSCRIBER_B] },
    inspector7736: { role: 'inspector', taxOfficeCodes: ['7736'] },
  });
  const gateway: RunningService = start({
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    DOCUMENT_STORE_DIR: storeDir,
    TKS_NAMESPACE: uniqueName('gw'),
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    API_KEYS_FILE: apiKeys.path,
    ...extraEnv,
  });
  await waitForLog(gateway, 'service started', 90_000);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/api/v1/openapi.json`, gateway);

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `INSERT INTO gateway.subscribers (subscriber_id, kind, name, inn, kpp, status, tax_office_codes) VALUES
       ($1, 'company', 'ПАО Сбербанк', '7707083893', '773601001', 'active', '{7736}'),
       ($2, 'company', 'ООО Ромашка', '7728168971', '773601001', 'active', '{7736}'),
       ($3, 'person', 'Петрова Анна Сергеевна', '500100732259', NULL, 'active', '{5001}')`,
    [SUBSCRIBER_A, SUBSCRIBER_B, SUBSCRIBER_PERSON],
  );
  /** Writes a certificate row as the subscriber state topic would (issue 5: filing needs one). */
  const putCertificate = async (subscriberId: string, state: CertificateState): Promise<void> => {
    await db.query(
      `INSERT INTO gateway.subscriber_certificates
         (subscriber_id, certificate_id, lifecycle, bound_at, state, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (subscriber_id, certificate_id)
       DO UPDATE SET lifecycle = EXCLUDED.lifecycle, state = EXCLUDED.state, updated_at = now()`,
      [subscriberId, state.certificateId, state.lifecycle, state.boundAt, JSON.stringify(state)],
    );
  };
  const certificates: Record<string, TestSigningCertificate> = {};
  for (const [subscriberId, commonName] of [
    [SUBSCRIBER_A, 'ПАО Сбербанк'],
    [SUBSCRIBER_B, 'ООО Ромашка'],
    [SUBSCRIBER_PERSON, 'Петрова Анна Сергеевна'],
  ] as const) {
    certificates[subscriberId] = await opensslSigningCertificate(commonName);
    await putCertificate(subscriberId, certificateState(certificates[subscriberId]));
  }
  /**
   * Issue 10: gives a subscriber a key on the operator's HSM, as the signer's answer to
   * POST /subscribers/{id}/keys would, certified by its certificate: a declaration filed without a
   * signature then waits for the subscriber's consent instead of being refused.
   */
  const putCloudKey = async (subscriberId: string): Promise<void> => {
    await db.query(
      `INSERT INTO gateway.key_requests (request_id, subscriber_id, status, key_label, csr_pem, requested_at, decided_at)
       VALUES (gen_random_uuid(), $1, 'generated', $2, $3, now(), now())`,
      [subscriberId, `subscriber-key-test-${subscriberId}`, certificates[subscriberId].csrPem],
    );
  };

  return {
    baseUrl,
    keys: apiKeys.keys,
    db,
    gateway,
    certificates,
    putCertificate,
    putCloudKey,
    async stop(): Promise<number | null> {
      await db.end();
      const code = await stopService(gateway);
      await dropDatabase(env.databaseUrl, database);
      return code;
    },
  };
}
export type GatewayUnderTest = Awaited<ReturnType<typeof startGatewayUnderTest>>;
