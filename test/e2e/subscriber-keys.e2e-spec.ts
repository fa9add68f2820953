import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GatewayClient } from '../../cli/gateway-client';
import { poll } from '../../cli/poll';
import { writeApiKeysFile } from '../../services/gateway/test/support/api-keys-file';
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

const run = promisify(execFile);

interface KeyRequestBody {
  requestId: string;
  status: 'pending' | 'generated' | 'failed';
  keyLabel?: string;
  certificateRequest?: string;
}

/**
 * A subscriber's key pair generated on the operator's HSM: gateway → Kafka → signer (SoftHSM) →
 * Kafka → gateway, answered with a PKCS#10 request that OpenSSL verifies. The private key is on
 * the token, marked sensitive and not extractable.
 */
describe('key pairs on the HSM for subscribers', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_e2e_keys');
  const services: RunningService[] = [];
  let baseUrl: string;
  let operatorKey: string;
  let clientKey: string;
  let keyLabel: string | undefined;

  beforeAll(async () => {
    const port = await freePort();
    const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-e2e-keys-')), {
      operator: { role: 'operator' },
      client: { role: 'client' },
    });
    operatorKey = apiKeys.keys.operator;
    clientKey = apiKeys.keys.client;
    const shared = {
      API_KEYS_FILE: apiKeys.path,
      DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-e2e-keys-documents-')),
      TKS_NAMESPACE: uniqueName('e2ekeys'),
      GATEWAY_PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
    };
    for (const name of ['registry', 'signer', 'gateway'] as const) services.push(startService(name, shared));
    for (const service of services) await waitForLog(service, 'service started', 90_000);
    baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/api/v1/openapi.json`, services[2]);
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => stopService(s)));
    if (keyLabel) {
      // The test's key pair is removed from the shared development token.
      for (const type of ['privkey', 'pubkey']) {
        await pkcs11Tool(['--login', '--delete-object', '--type', type, '--label', keyLabel]).catch(
          () => undefined,
        );
      }
    }
    await dropDatabase(env.databaseUrl, database);
    expect(codes).toEqual([0, 0, 0]);
  });

  const call = async (
    method: string,
    path: string,
    key: string,
  ): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}` },
    });
    return { status: response.status, body: await response.json() };
  };

  it('generates the key on the token and answers with a certificate request OpenSSL verifies', async () => {
    process.env.TKS_API_KEY = operatorKey;
    const gateway = new GatewayClient(baseUrl);
    const requested = await gateway.registerSubscriber({
      kind: 'company',
      name: 'ООО "Ромашка", филиал №1',
      inn: '7707083893',
      kpp: '773601001',
    });
    const registration = await gateway.waitForRegistration(requested.registrationId, 60_000);
    const subscriberId = registration.subscriberId as string;

    expect((await call('POST', `/api/v1/subscribers/${subscriberId}/keys`, clientKey)).status).toBe(403);
    const accepted = await call('POST', `/api/v1/subscribers/${subscriberId}/keys`, operatorKey);
    expect(accepted.status).toBe(202);
    const requestId = (accepted.body as KeyRequestBody).requestId;

    const answer = await poll(
      async () =>
        (await call('GET', `/api/v1/subscribers/${subscriberId}/keys/${requestId}`, operatorKey))
          .body as KeyRequestBody,
      (a) => a.status !== 'pending',
      60_000,
      `key request ${requestId} to be answered`,
    );
    expect(answer.status).toBe('generated');
    keyLabel = answer.keyLabel;

    const dir = await mkdtemp(join(tmpdir(), 'tks-e2e-csr-'));
    await writeFile(join(dir, 'request.pem'), answer.certificateRequest as string);
    const verified = await run('openssl', [
      'req',
      '-in',
      join(dir, 'request.pem'),
      '-verify',
      '-noout',
      '-subject',
      '-nameopt',
      'utf8',
    ]);
    expect(verified.stdout + verified.stderr).toMatch(/verify OK/i);
    expect(verified.stdout).toContain('ООО "Ромашка", филиал №1');

    const objects = await pkcs11Tool(['--login', '--list-objects', '--type', 'privkey']);
    const block = objects
      .split(/\n(?=Private Key Object)/)
      .find((b) => b.includes(`label:      ${keyLabel}`));
    expect(block).toBeDefined();
    expect(block).toMatch(/Access:\s+.*sensitive/);
    expect(block).toMatch(/never extractable/);
  });
});

async function pkcs11Tool(args: string[]): Promise<string> {
  const env = testEnvironment();
  const { readFile } = await import('node:fs/promises');
  const pin = (await readFile(env.pinFile, 'utf8')).trim();
  const { stdout } = await run('pkcs11-tool', [
    '--module',
    env.pkcs11Library,
    '--token-label',
    env.tokenLabel,
    '--pin',
    pin,
    ...args,
  ]);
  return stdout;
}
