import { mkdtemp, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseUrlFor, dropDatabase, testEnvironment, uniqueName } from '@tks/testing';
import {
  createTestAuthority,
  days,
  issueCrl,
  issueQualifiedCertificate,
  TestAuthority,
} from '../../../libs/certificates/src/testing/test-ca';
import { BoundCertificate } from '../src/certificates/certificate.entity';
import { CertificateLifecycleService } from '../src/certificates/certificate-lifecycle.service';
import { CertificateRequestsService } from '../src/certificates/certificate-requests.service';
import { Subscriber } from '../src/subscribers/subscriber.entity';
import { openCertificateTestBench } from './certificate-test-bench';

/**
 * The registry's certificate life cycle on the real PostgreSQL, with an injected clock that the
 * test moves: tax authority registration after its delay, expiry warnings at 30/14/5 days (once
 * each), and the five-day rule of reissue. Events are read from the outbox the relay would publish.
 */
describe('certificate life cycle in the registry (injected clock)', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_int_registry');
  const url = databaseUrlFor(env.databaseUrl, database);
  let dataSource: DataSource;
  let ca: TestAuthority;
  let now = new Date();
  const clock = () => now;
  let requests: CertificateRequestsService;
  let lifecycle: CertificateLifecycleService;
  const company = { commonName: 'ПАО Сбербанк', innLe: '7707083893' };

  beforeAll(async () => {
    ca = await createTestAuthority();
    const trusted = await mkdtemp(join(tmpdir(), 'tks-int-trusted-'));
    await writeFile(join(trusted, 'ca.pem'), ca.pem);
    // The CRL stays current for the whole simulated year, so status checks stay "valid".
    await writeFile(
      join(trusted, 'ca.crl.pem'),
      (await issueCrl(ca, [], { nextUpdate: days(400) })).toString('pem'),
    );
    const bench = await openCertificateTestBench({
      url,
      kafkaBrokers: env.kafkaBrokers,
      trustedCaDir: trusted,
      clock,
    });
    dataSource = bench.dataSource;
    requests = bench.requests;
    await bench.trust.reload();
    lifecycle = new CertificateLifecycleService(
      bench.transactions,
      bench.certificates,
      bench.states,
      bench.relay,
      bench.trust,
      bench.config,
      clock,
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(env.databaseUrl, database);
  });

  const newSubscriber = async (): Promise<string> => {
    const subscriberId = `2TK-${randomUUID().replace(/-/g, '')}`;
    await dataSource.getRepository(Subscriber).insert({
      subscriberId,
      registrationId: randomUUID(),
      kind: 'company',
      name: 'ПАО Сбербанк',
      inn: `77${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      kpp: '773601001',
      ogrn: null,
      taxOfficeCodes: [],
      status: 'active',
      registeredAt: now,
    });
    // Identity checks are not this test's subject: the certificates name the subscriber's INN.
    await dataSource.query('UPDATE registry.subscribers SET inn = $1 WHERE subscriber_id = $2', [
      '7707083893',
      subscriberId,
    ]);
    return subscriberId;
  };
  // The unique index allows one active subscriber per INN/KPP: close the previous test's.
  beforeEach(() => dataSource.query("UPDATE registry.subscribers SET status = 'closed'"));

  const send = (subscriberId: string, action: 'bind' | 'reissue', der: ArrayBuffer) =>
    dataSource.transaction((m) =>
      requests.handle(
        {
          action,
          requestId: randomUUID(),
          subscriberId,
          certificate: Buffer.from(der).toString('base64'),
          requestedAt: now.toISOString(),
        },
        m,
      ),
    );
  const certificatesOf = (subscriberId: string) =>
    dataSource.getRepository(BoundCertificate).find({ where: { subscriberId }, order: { boundAt: 'ASC' } });
  const warningsOf = async (subscriberId: string) =>
    (
      await dataSource.query(
        `SELECT envelope->'payload'->>'thresholdDays' AS days FROM registry.outbox
         WHERE key = $1 AND envelope->>'type' = 'certificate.expiry-warning' ORDER BY created_at, id`,
        [subscriberId],
      )
    ).map((r: { days: string }) => Number(r.days));

  it('registers with the tax authority only after the delay and records how long it took', async () => {
    const start = new Date();
    now = start;
    const subscriberId = await newSubscriber();
    await send(subscriberId, 'bind', (await issueQualifiedCertificate(ca, { subject: company })).rawData);
    await lifecycle.runOnce(new Date(start.getTime() + 59_000));
    expect((await certificatesOf(subscriberId))[0].taxAuthorityStatus).toBe('pending');
    await lifecycle.runOnce(new Date(start.getTime() + 61_000));
    const [registered] = await certificatesOf(subscriberId);
    expect(registered).toMatchObject({ taxAuthorityStatus: 'registered', taxAuthorityDurationMs: 61_000 });
  });

  it('warns at 30, 14 and 5 days before expiry, each once', async () => {
    const start = new Date();
    now = start;
    const subscriberId = await newSubscriber();
    const certificate = await issueQualifiedCertificate(ca, { subject: company, notAfter: days(40, start) });
    await send(subscriberId, 'bind', certificate.rawData);
    for (const day of [0, 5, 10, 10.5, 26, 27, 34, 35, 36, 39]) await lifecycle.runOnce(days(day, start));
    expect(await warningsOf(subscriberId)).toEqual([30, 14, 5]);
    expect((await certificatesOf(subscriberId))[0].expiryWarnings).toEqual([30, 14, 5]);
  });

  it('keeps a reissued certificate with more than five days left usable to its end, then retires it', async () => {
    const start = new Date();
    now = start;
    const subscriberId = await newSubscriber();
    const old = await issueQualifiedCertificate(ca, { subject: company, notAfter: days(20, start) });
    await send(subscriberId, 'bind', old.rawData);
    now = days(10, start);
    await send(subscriberId, 'reissue', (await issueQualifiedCertificate(ca, { subject: company })).rawData);
    let [first, second] = await certificatesOf(subscriberId);
    expect(first).toMatchObject({ lifecycle: 'superseded', usableUntil: old.notAfter });
    expect(second.lifecycle).toBe('current');

    await lifecycle.runOnce(days(19, start));
    expect((await certificatesOf(subscriberId))[0].lifecycle).toBe('superseded');
    await lifecycle.runOnce(days(20.01, start));
    [first, second] = await certificatesOf(subscriberId);
    expect(first.lifecycle).toBe('retired');
    expect(second.lifecycle).toBe('current');
  });

  it('retires the old certificate at once when five days or fewer are left at reissue', async () => {
    const start = new Date();
    now = start;
    const subscriberId = await newSubscriber();
    await send(
      subscriberId,
      'bind',
      (await issueQualifiedCertificate(ca, { subject: company, notAfter: days(20, start) })).rawData,
    );
    now = days(15.5, start);
    await send(subscriberId, 'reissue', (await issueQualifiedCertificate(ca, { subject: company })).rawData);
    const [first, second] = await certificatesOf(subscriberId);
    expect(first).toMatchObject({ lifecycle: 'retired', usableUntil: now, endedAt: now });
    expect(second.lifecycle).toBe('current');
  });
});
