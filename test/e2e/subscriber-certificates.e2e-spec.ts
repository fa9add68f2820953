import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { CertificateBody, CertificatesClient } from '../../cli/certificates-client';
import { poll } from '../../cli/poll';
import { GatewayClient, GatewayError } from '../../cli/gateway-client';
import { writeApiKeysFile } from '../../services/gateway/test/support/api-keys-file';
import {
  createTestAuthority,
  days,
  issueCrl,
  issueQualifiedCertificate,
  TestAuthority,
} from '../../libs/certificates/src/testing/test-ca';
import {
  databaseUrlFor,
  dropDatabase,
  freePort,
  RunningService,
  sharedStep,
  startService,
  stopService,
  testEnvironment,
  uniqueName,
  waitForHttp,
  waitForLog,
} from '@tks/testing';

/**
 * Certificates of a subscriber through the gateway's API and the registry, on the real broker and
 * database, with a test CA (and its CRL) in the registry's trusted CA directory: binding and its
 * refusals, tax authority registration, expiry warnings, reissue with the five-day rule, revocation
 * and unbinding, and the gateway's read model rebuilt from the compacted state topic.
 */
describe('subscriber certificates', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_e2e_cert');
  const namespace = uniqueName('e2ecert');
  const registrationDelayMs = 1500;
  let port: number;
  let shared: Record<string, string>;
  let registry: RunningService;
  let gateway: RunningService;
  let gateways: GatewayClient;
  let certificates: CertificatesClient;
  let ca: TestAuthority;
  let revokedByCa: x509.X509Certificate;
  let subscriberId: string;
  let operatorKey: string;

  const company = { innLe: '7707083893', ogrn: '1027700132195', commonName: 'ПАО Сбербанк' };

  beforeAll(async () => {
    ca = await createTestAuthority();
    revokedByCa = await issueQualifiedCertificate(ca, { subject: company });
    const trusted = await mkdtemp(join(tmpdir(), 'tks-e2e-trusted-'));
    await writeFile(join(trusted, 'ca.pem'), ca.pem);
    await writeFile(join(trusted, 'ca.crl'), new Uint8Array((await issueCrl(ca, [revokedByCa])).rawData));

    port = await freePort();
    const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-e2e-cert-keys-')), {
      operator: { role: 'operator' },
    });
    operatorKey = apiKeys.keys.operator;
    shared = {
      API_KEYS_FILE: apiKeys.path,
      DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-e2e-cert-documents-')),
      TKS_NAMESPACE: namespace,
      GATEWAY_PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
      TRUSTED_CA_DIR: trusted,
      TAX_AUTHORITY_REGISTRATION_DELAY_MS: String(registrationDelayMs),
      CERTIFICATE_SCAN_INTERVAL_MS: '250',
    };
    registry = startService('registry', shared);
    gateway = startService('gateway', shared);
    await waitForLog(registry, 'service started', 90_000);
    await waitForLog(gateway, 'service started', 90_000);
    await waitForHttp(`http://127.0.0.1:${port}/api/v1/openapi.json`, gateway);
    gateways = new GatewayClient(`http://127.0.0.1:${port}`, operatorKey);
    certificates = new CertificatesClient(`http://127.0.0.1:${port}`, operatorKey);

    subscriberId = await register('773601001');
  });

  afterAll(async () => {
    const codes = await Promise.all([gateway, registry].map((s) => stopService(s)));
    await dropDatabase(env.databaseUrl, database);
    expect(codes).toEqual([0, 0]);
  });

  /** Registers ПАО Сбербанк (another KPP is another subscriber: a branch) and returns its id. */
  const register = async (kpp: string): Promise<string> => {
    const requested = await gateways.registerSubscriber({
      kind: 'company',
      name: 'ПАО Сбербанк',
      ...{ inn: '7707083893', kpp, ogrn: '1027700132195' },
    });
    const registration = await gateways.waitForRegistration(requested.registrationId, 60_000);
    return registration.subscriberId as string;
  };
  const decided = async (request: Promise<{ requestId: string }>) =>
    certificates.waitForDecision((await request).requestId, 30_000);

  /*
   * The certificates of the subscriber, each made once by the first test that needs it: a first one
   * bound (ten days left) and registered with the tax authority, then a second one reissued.
   */
  const first = sharedStep(async () => {
    const certificate = await issueQualifiedCertificate(ca, { subject: company, notAfter: days(10) });
    const decision = await decided(certificates.bind(subscriberId, certificate.toString('pem')));
    firstId = decision.certificateId as string;
    const [registered] = await poll(
      () => certificates.list(subscriberId),
      (list) => list[0]?.taxAuthority.status === 'registered',
      30_000,
    );
    const warnings = await poll(
      () => certificates.warnings(subscriberId),
      (w) => w.length === 2,
      30_000,
    );
    return { decision, registered, warnings };
  });
  const second = sharedStep(async () => {
    await first();
    const certificate = await issueQualifiedCertificate(ca, { subject: company });
    const decision = await decided(
      certificates.bind(subscriberId, new Uint8Array(certificate.rawData), true),
    );
    secondId = decision.certificateId as string;
    return { decision, list: await certificates.list(subscriberId) };
  });

  it('refuses a certificate of another taxpayer, one that cannot sign, a revoked and an untrusted one', async () => {
    // A subscriber of its own, with no certificate yet whatever the other tests bound.
    const subscriberId = await register('773643001');
    const other = await issueQualifiedCertificate(ca, {
      subject: { commonName: 'Другое ООО', innLe: '7736050003' },
    });
    const keyAgreement = await issueQualifiedCertificate(ca, {
      subject: company,
      keyUsage: x509.KeyUsageFlags.keyAgreement,
    });
    const foreign = await issueQualifiedCertificate(await createTestAuthority('CN=Unknown CA, C=RU'), {
      subject: company,
    });
    const reasons = [];
    for (const certificate of [other, keyAgreement, revokedByCa, foreign]) {
      const decision = await decided(certificates.bind(subscriberId, new Uint8Array(certificate.rawData)));
      expect(decision.status).toBe('rejected');
      reasons.push(decision.reason?.code);
    }
    expect(reasons).toEqual([
      'TKS-CERTIFICATE-IDENTITY-MISMATCH',
      'TKS-CERTIFICATE-KEY-USAGE',
      'TKS-CERTIFICATE-REVOKED',
      'TKS-CERTIFICATE-UNTRUSTED',
    ]);
    expect(await certificates.list(subscriberId)).toEqual([]);
  });

  it('rereads the trusted CA directory on SIGHUP and keeps running', async () => {
    const loads = () => registry.output().split('trusted CAs loaded').length - 1;
    const before = loads();
    registry.process.kill('SIGHUP');
    await poll(
      async () => loads(),
      (n) => n > before,
      10_000,
    );
    expect(registry.exit()).toBeNull();
  });

  it('refuses bytes that are not a certificate at the gateway', async () => {
    await expect(certificates.bind(subscriberId, 'not a certificate')).rejects.toMatchObject({
      problem: { code: 'TKS-CERTIFICATE-MALFORMED', status: 422 },
    });
    await expect(certificates.list('2TK-unknown')).rejects.toBeInstanceOf(GatewayError);
  });

  let firstId: string;
  it('binds a PEM certificate, registers it with the tax authority after the delay and warns of its expiry', async () => {
    const { decision, registered, warnings } = await first();
    expect(decision).toMatchObject({ status: 'applied', action: 'bind' });
    expect(registered).toMatchObject({
      certificateId: firstId,
      lifecycle: 'current',
      status: 'valid',
      usable: true,
      identity: { innLe: '7707083893', ogrn: '1027700132195' },
    });
    expect(registered.taxAuthority.durationMs).toBeGreaterThanOrEqual(registrationDelayMs);
    // Ten days left: the 30- and 14-day warnings are due at once, the 5-day one not yet.
    expect(registered.expiryWarnings.sort()).toEqual([14, 30]);
    expect(warnings.map((w) => w.thresholdDays).sort()).toEqual([14, 30]);
    expect(warnings[0]).toMatchObject({ certificateId: firstId, daysLeft: 10 });
  });

  it('refuses a second bind while a certificate is current', async () => {
    await first();
    const second = await issueQualifiedCertificate(ca, { subject: company });
    const decision = await decided(certificates.bind(subscriberId, new Uint8Array(second.rawData)));
    expect(decision.reason?.code).toBe('TKS-CERTIFICATE-CURRENT-EXISTS');
  });

  let secondId: string;
  it('reissues: the new certificate becomes current, the old keeps working to its end (more than five days left)', async () => {
    const { decision, list } = await second();
    expect(decision.status).toBe('applied');
    const byId = new Map(list.map((c) => [c.certificateId, c]));
    expect(byId.get(secondId)).toMatchObject({ lifecycle: 'current', usable: true });
    expect(byId.get(firstId)).toMatchObject({ lifecycle: 'superseded', usable: true });
    expect(byId.get(firstId)?.usableUntil).toBe(byId.get(firstId)?.notAfter);
  });

  it('revokes and unbinds with the history kept', async () => {
    await second();
    expect((await decided(certificates.revoke(subscriberId, firstId, 'key compromised'))).status).toBe(
      'applied',
    );
    expect((await decided(certificates.unbind(subscriberId, firstId))).status).toBe('applied');
    expect((await certificates.list(subscriberId)).map((c) => c.certificateId)).toEqual([secondId]);
    const history = await certificates.list(subscriberId, true);
    expect(history.find((c) => c.certificateId === firstId)).toMatchObject({
      lifecycle: 'unbound',
      usable: false,
    });
    const again = await decided(certificates.unbind(subscriberId, firstId));
    expect(again.reason?.code).toBe('TKS-CERTIFICATE-UNKNOWN');
  });

  it('rebuilds the gateway read model from the compacted state topic when the gateway starts afresh', async () => {
    // A model with something in it to rebuild: two certificates, one superseded.
    await second();
    const strip = (list: CertificateBody[]) =>
      list.map(({ certificateId, lifecycle, status, taxAuthority }) => ({
        certificateId,
        lifecycle,
        status,
        taxAuthority,
      }));
    // A settled state first: nothing left for the (simulated) tax authority to answer.
    const before = strip(
      await poll(
        () => certificates.list(subscriberId, true),
        (list) => list.every((c) => c.taxAuthority.status !== 'pending'),
        30_000,
      ),
    );
    expect(await stopService(gateway)).toBe(0);
    // The gateway loses its whole schema and its consumer offsets: all it has left is the topic.
    const db = new Client({ connectionString: shared.DATABASE_URL });
    await db.connect();
    await db.query('DROP SCHEMA gateway CASCADE');
    await db.end();
    const kafka = new Kafka({ clientId: 'e2e-admin', brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([`${namespace}.gateway`]);
    await admin.disconnect();

    gateway = startService('gateway', shared);
    await waitForLog(gateway, 'service started', 90_000);
    await waitForHttp(`http://127.0.0.1:${port}/api/v1/openapi.json`, gateway);
    // Events arrive in order, so the model passes through earlier states before it reaches the last.
    const after = await poll(
      async () => strip(await certificates.list(subscriberId, true).catch(() => [])),
      (list) => JSON.stringify(list) === JSON.stringify(before),
      60_000,
    ).catch(async () => strip(await certificates.list(subscriberId, true)));
    expect(after).toEqual(before);
  });
});
