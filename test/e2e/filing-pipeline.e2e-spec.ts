import { Client } from 'pg';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayClient, FilingBody } from '../../cli/gateway-client';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures/usn-declaration';
import {
  databaseUrlFor,
  opensslVerifyDetached,
  RunningService,
  startService,
  stopService,
  testEnvironment,
  uniqueName,
  waitForHttp,
  waitForLog,
} from '@tks/testing';

/**
 * One declaration through the whole pipeline: gateway → Kafka → signer (SoftHSM) → Kafka →
 * receipts → Kafka → gateway, on the real broker, database and token, checked with OpenSSL.
 * The run has its own database, document store and Kafka namespace, so it shares nothing.
 */
describe('a declaration travels the whole pipeline', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_e2e');
  const services: RunningService[] = [];
  let client: GatewayClient;

  beforeAll(async () => {
    const port = await freePort();
    const shared = {
      DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-e2e-documents-')),
      TKS_NAMESPACE: uniqueName('e2e'),
      GATEWAY_PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
    };
    for (const name of ['registry', 'signer', 'receipts', 'gateway'] as const) {
      services.push(startService(name, shared));
    }
    for (const service of services) await waitForLog(service, 'service started', 90_000);
    await waitForHttp(`http://127.0.0.1:${port}/api/v1/openapi.json`, services[3]);
    client = new GatewayClient(`http://127.0.0.1:${port}`);
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => stopService(s)));
    const admin = new Client({ connectionString: databaseUrlFor(env.databaseUrl, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    expect(codes).toEqual([0, 0, 0, 0]);
    for (const service of services) {
      expect(service.output()).toContain('"message":"stopped"');
      expect(service.output()).not.toContain('final drain');
    }
  });

  let subscriberId: string;
  let filing: FilingBody;
  const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });

  it('registers a subscriber through the registry and issues its identifier', async () => {
    const requested = await client.registerSubscriber({
      kind: 'company',
      name: 'ПАО Сбербанк',
      inn: '7707083893',
      kpp: '773601001',
    });
    expect(requested.status).toBe('pending');
    const registration = await client.waitForRegistration(requested.registrationId, 60_000);
    expect(registration.status).toBe('registered');
    expect(registration.subscriberId).toMatch(/^[0-9A-Z]{3}-[0-9a-f]{32}$/);
    subscriberId = registration.subscriberId as string;
  });

  it('accepts the windows-1251 declaration and takes it to receipt-issued', async () => {
    const submitted = await client.submit(declaration.bytes, {
      subscriberId,
      fileName: `${declaration.fileId}.xml`,
      idempotencyKey: 'e2e-first-upload',
    });
    expect(submitted.status).toBe('submitted');
    expect(submitted.fileId).toBe(declaration.fileId);
    filing = await client.waitForFiling(submitted.filingId, 'receipt-issued', 90_000);
    expect(filing.timeline.map((e) => e.status)).toEqual(['submitted', 'signed', 'receipt-issued']);
    expect(filing.documents.map((d) => d.kind).sort()).toEqual([
      'declaration',
      'declaration-signature',
      'sending-date-confirmation',
      'sending-date-confirmation-signature',
    ]);
  });

  it('returns the declaration byte for byte, and its token signature verifies with OpenSSL', async () => {
    const content = await client.download(doc(filing, 'declaration').href);
    expect(content.equals(declaration.bytes)).toBe(true);
    const signature = await client.download(doc(filing, 'declaration-signature').href);
    const verdict = await opensslVerifyDetached(content, signature, join(env.pkiDir, 'test-ca.pem'));
    expect(verdict).toMatchObject({ ok: true });

    const tampered = Buffer.from(content);
    tampered[tampered.length - 3] ^= 1;
    expect((await opensslVerifyDetached(tampered, signature, join(env.pkiDir, 'test-ca.pem'))).ok).toBe(
      false,
    );
  });

  it('issues a signed sending-date confirmation naming the received files', async () => {
    const confirmation = await client.download(doc(filing, 'sending-date-confirmation').href);
    const signature = await client.download(doc(filing, 'sending-date-confirmation-signature').href);
    const text = new TextDecoder('windows-1251').decode(confirmation);
    expect(text).toContain('encoding="windows-1251"');
    expect(text).toContain(`ИмяФайла="${declaration.fileId}.xml"`);
    expect(text).toContain(`ИдДокооборот="${filing.docflowId}"`);
    const verdict = await opensslVerifyDetached(confirmation, signature, join(env.pkiDir, 'test-ca.pem'));
    expect(verdict).toMatchObject({ ok: true });
  });

  it('answers a retried upload with the same filing, never a second one', async () => {
    const again = await client.submit(declaration.bytes, {
      subscriberId,
      idempotencyKey: 'e2e-first-upload',
    });
    expect(again.filingId).toBe(filing.filingId);
    const sameFile = await client.submit(declaration.bytes, { subscriberId, idempotencyKey: 'another-key' });
    expect(sameFile.filingId).toBe(filing.filingId);
  });
});

function doc(filing: FilingBody, kind: string) {
  const found = filing.documents.find((d) => d.kind === kind);
  if (!found) throw new Error(`filing has no ${kind}: ${JSON.stringify(filing.documents)}`);
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
