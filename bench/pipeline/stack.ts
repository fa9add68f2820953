import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createGostEngine,
  GostSignPool,
  importGostPrivateKey,
  readCertificate,
  signDetached,
} from '@tks/crypto';
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
import { CertificatesClient } from '../../cli/certificates-client';
import { GatewayClient } from '../../cli/gateway-client';
import { poll } from '../../cli/poll';
import { writeApiKeysFile } from '../../services/gateway/test/support/api-keys-file';

const run = promisify(execFile);
/** The repository root, seen from dist/bench/pipeline. */
export const repositoryRoot = join(__dirname, '..', '..', '..');

export const COMPANY = { name: 'ПАО Сбербанк', inn: '7707083893', kpp: '773601001', ogrn: '1027700132195' };

export interface BenchStack {
  gatewayUrl: string;
  operatorKey: string;
  subscriberId: string;
  services: RunningService[];
  /** The taxpayer's detached CAdES-BES (GOST R 34.10-2012, Streebog-256), made in this process. */
  sign(content: Buffer): Promise<Buffer>;
  /** The taxpayer's key and certificate files, for OpenSSL (a large declaration). */
  clientKeyDir: string;
  stop(): Promise<void>;
}

/**
 * The four services, as `npm start` runs them, on a database, document store and Kafka namespace
 * of their own, with one company registered and its GOST certificate bound: what a client of the
 * gateway meets. `instances` runs that many signers and receipts services (the scale-out figure).
 */
export async function startBenchStack(options: {
  instances: number;
  env?: Record<string, string>;
}): Promise<BenchStack> {
  const env = testEnvironment();
  const database = uniqueName('tks_bench');
  const port = await freePort();
  const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-bench-keys-')), {
    operator: { role: 'operator' },
  });
  const shared = {
    API_KEYS_FILE: apiKeys.path,
    DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-bench-documents-')),
    TKS_NAMESPACE: uniqueName('bench'),
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    TAX_AUTHORITY_REGISTRATION_DELAY_MS: '200',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const names: ServiceName[] = ['registry', 'gateway'];
  for (let i = 0; i < options.instances; i++) names.push('signer', 'receipts');
  const services: RunningService[] = [];
  // Each service migrates its own schema: the first instance of each starts alone.
  for (const name of names) {
    const service = startService(name, shared, repositoryRoot);
    services.push(service);
    await waitForLog(service, 'service started', 120_000);
  }
  const gatewayUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${gatewayUrl}/api/v1/openapi.json`, services[1]);

  const operatorKey = apiKeys.keys.operator;
  const gateway = new GatewayClient(gatewayUrl, operatorKey);
  const requested = await gateway.registerSubscriber({ kind: 'company', ...COMPANY });
  const registration = await gateway.waitForRegistration(requested.registrationId, 60_000);
  if (!registration.subscriberId) throw new Error(`subscriber registration ${registration.status}`);
  const subscriberId = registration.subscriberId;

  const clientKeyDir = await mkdtemp(join(tmpdir(), 'tks-bench-client-'));
  await run(
    join(repositoryRoot, 'infra', 'pki', 'issue-test-certificate.sh'),
    [
      ...['--cn', 'Bench signer', '--org', COMPANY.name, '--innle', COMPANY.inn, '--ogrn', COMPANY.ogrn],
      ...['--gost', '256', '--out', clientKeyDir, '--days', '30'],
    ],
    { env: { ...process.env, TKS_PKI_DIR: env.pkiDir } },
  );
  const certificatePem = await readFile(join(clientKeyDir, 'certificate.pem'), 'utf8');
  const certificate = readCertificate(certificatePem);
  const privateKey = importGostPrivateKey(
    await readFile(join(clientKeyDir, 'key.pem'), 'utf8'),
    certificatePem,
  );
  const certificates = new CertificatesClient(gatewayUrl, operatorKey);
  const request = await certificates.bind(subscriberId, certificatePem);
  await certificates.waitForDecision(request.requestId, 30_000);
  await poll(
    () => certificates.list(subscriberId),
    (list) => list[0]?.taxAuthority.status === 'registered',
    60_000,
    'the bench certificate to be registered with the tax authority',
  );

  const pool = new GostSignPool();
  const engine = createGostEngine(pool);
  return {
    gatewayUrl,
    operatorKey,
    subscriberId,
    services,
    clientKeyDir,
    sign: (content) =>
      signDetached({
        content,
        certificate: certificate.der,
        privateKey,
        engine,
        signingTime: new Date(),
        hash: 'GOST R 34.11-2012-256',
      }),
    stop: async () => {
      await pool.close();
      await Promise.all(services.map((s) => stopService(s)));
      await dropDatabase(env.databaseUrl, database);
    },
  };
}
