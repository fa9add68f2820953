import { appendFile, mkdtemp } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { GatewayClient, GatewayError } from '../../cli/gateway-client';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { writeApiKeysFile } from '../../services/gateway/test/support/api-keys-file';
import {
  databaseUrlFor,
  dropDatabase,
  freePort,
  RunningService,
  ServiceName,
  startService,
  stopService,
  testEnvironment,
  uniqueName,
  waitForHttp,
  waitForLog,
} from '@tks/testing';
import { registerSignedSubscriber, SignedSubscriber } from './support/running-pipeline';

/**
 * Issue 17, item 2 (short version; `npm run test:faults` runs it longer, three times, and writes
 * the table in docs/reliability.md): under a steady load of filings, each service in turn is killed
 * with SIGKILL in the middle and started again. Counted per scenario: filings accepted by the API,
 * finished (accepted by the tax office), lost, duplicated (documents of a kind or feed statuses
 * recorded twice), and the recovery time: from the kill to the first filing submitted after it
 * being finished (the restart, the consumer group's rebalance and the filing's own way through).
 */
const filingsPerScenario = Number(process.env.TKS_FAULTS_FILINGS ?? 4);
const scenarios = (process.env.TKS_FAULTS_SERVICES ?? 'signer').split(',') as ServiceName[];
const sberbank = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '9991' };

/**
 * Submits as a careful client does: while the gateway cannot be reached (it is the one killed), it
 * tries again with the same Idempotency-Key, so a retry of an upload that did arrive files nothing
 * twice. An answer from the gateway is final. null: not accepted within a minute.
 */
async function submitRetrying(
  client: GatewayClient,
  upload: { bytes: Buffer; fileName: string; subscriberId: string; signature: Buffer },
): Promise<string | null> {
  const idempotencyKey = randomUUID();
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const filing = await client.submit(upload.bytes, { ...upload, idempotencyKey });
      return filing.filingId;
    } catch (error) {
      if (error instanceof GatewayError || Date.now() > deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

describe('filings under SIGKILL of a service (fault suite)', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_faults');
  let shared: Record<string, string>;
  let services: Map<ServiceName, RunningService>;
  let gatewayUrl: string;
  let operatorKey: string;
  let subscriber: SignedSubscriber;
  let db: Client;

  beforeAll(async () => {
    const port = await freePort();
    const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-faults-keys-')), {
      operator: { role: 'operator' },
    });
    shared = {
      API_KEYS_FILE: apiKeys.path,
      DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-faults-documents-')),
      TKS_NAMESPACE: uniqueName('faults'),
      GATEWAY_PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
      TAX_AUTHORITY_REGISTRATION_DELAY_MS: '200',
      CERTIFICATE_SCAN_INTERVAL_MS: '200',
      SIGNER_METRICS_PORT: '0',
      RECEIPTS_METRICS_PORT: '0',
      REGISTRY_METRICS_PORT: '0',
    };
    services = new Map();
    for (const name of ['registry', 'signer', 'receipts', 'gateway'] as const)
      services.set(name, startService(name, shared));
    for (const service of services.values()) await waitForLog(service, 'service started', 90_000);
    gatewayUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${gatewayUrl}/api/v1/openapi.json`, services.get('gateway') as RunningService);
    operatorKey = apiKeys.keys.operator;
    subscriber = await registerSignedSubscriber(gatewayUrl, operatorKey, {
      name: 'ПАО Сбербанк',
      inn: sberbank.inn,
      kpp: sberbank.kpp,
      ogrn: '1027700132195',
    });
    db = new Client({ connectionString: shared.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await Promise.all([...(services?.values() ?? [])].map((s) => stopService(s)));
    await dropDatabase(env.databaseUrl, database);
  });

  it.each(scenarios)(
    'loses and duplicates nothing when the %s is killed with SIGKILL under load',
    async (victim) => {
      const client = new GatewayClient(gatewayUrl, operatorKey);
      const accepted: string[] = [];
      const afterKill = new Set<string>();
      let refusedByApi = 0;
      let killedAt = 0;
      for (let n = 0; n < filingsPerScenario; n++) {
        if (n === Math.floor(filingsPerScenario / 2)) {
          // Mid-load: some filings are on their way through the victim right now.
          services.get(victim)?.process.kill('SIGKILL');
          await services.get(victim)?.exited;
          killedAt = Date.now();
          services.set(victim, startService(victim, shared));
        }
        const declaration = buildUsnDeclaration(sberbank);
        const filingId = await submitRetrying(client, {
          bytes: declaration.bytes,
          fileName: declaration.fileName,
          subscriberId: subscriber.subscriberId,
          signature: await subscriber.signer.sign(declaration.bytes),
        });
        if (filingId === null) refusedByApi++;
        else {
          accepted.push(filingId);
          if (killedAt) afterKill.add(filingId);
        }
      }
      await waitForLog(services.get(victim) as RunningService, 'service started', 90_000);
      let recoveryMs: number | null = null;
      const finished = await Promise.all(
        accepted.map(async (filingId) => {
          const filing = await client.waitForFiling(filingId, 'accepted', 180_000).catch(() => null);
          if (filing?.status === 'accepted' && afterKill.has(filingId)) {
            const at = Date.now() - killedAt;
            recoveryMs = recoveryMs === null ? at : Math.min(recoveryMs, at);
          }
          return filing?.status === 'accepted';
        }),
      );
      const duplicatedDocuments = await db.query(
        `SELECT filing_id, kind FROM gateway.filing_documents WHERE filing_id = ANY($1)
         GROUP BY filing_id, kind HAVING count(*) > 1`,
        [accepted],
      );
      const duplicatedEvents = await db.query(
        // A status may come more than once (one receipt-issued per receipt), never with the same detail.
        `SELECT filing_id, status FROM gateway.filing_events WHERE filing_id = ANY($1)
         GROUP BY filing_id, status, detail::text HAVING count(*) > 1`,
        [accepted],
      );
      const result = {
        scenario: `SIGKILL ${victim}`,
        acceptedByApi: accepted.length,
        refusedByApi,
        finished: finished.filter(Boolean).length,
        lost: finished.filter((f) => !f).length,
        duplicated: (duplicatedDocuments.rowCount ?? 0) + (duplicatedEvents.rowCount ?? 0),
        recoveryMs,
      };
      if (process.env.TKS_FAULTS_RESULTS)
        await appendFile(process.env.TKS_FAULTS_RESULTS, JSON.stringify(result) + '\n');
      expect(result).toMatchObject({ lost: 0, duplicated: 0, finished: accepted.length });
      expect(accepted.length).toBeGreaterThan(0);
    },
  );
});
