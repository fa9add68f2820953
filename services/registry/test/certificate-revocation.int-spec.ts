import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseUrlFor, dropDatabase, testEnvironment, uniqueName, waitUntil } from '@tks/testing';
import {
  createTestAuthority,
  days,
  issueCrl,
  issueQualifiedCertificate,
  TestAuthority,
} from '../../../libs/certificates/src/testing/test-ca';
import { BoundCertificate } from '../src/certificates/certificate.entity';
import { CertificateReevaluationService } from '../src/certificates/certificate-reevaluation.service';
import { CertificateRequestsService } from '../src/certificates/certificate-requests.service';
import { TrustStoreService } from '../src/certificates/trust-store.service';
import { Subscriber } from '../src/subscribers/subscriber.entity';
import { openCertificateTestBench } from './certificate-test-bench';

/**
 * Issue 17: a certificate revoked by a CRL published after it was bound stops being usable as soon
 * as the registry reads that CRL: every bound certificate is checked again, and the subscriber's
 * state goes out with the certificate `revoked`, which the gateway refuses filings for.
 */
describe('bound certificates against a newly published CRL', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_int_revocation');
  const url = databaseUrlFor(env.databaseUrl, database);
  let dataSource: DataSource;
  let ca: TestAuthority;
  let trusted: string;
  let trust: TrustStoreService;
  let reevaluation: CertificateReevaluationService;
  let requests: CertificateRequestsService;
  const clock = () => new Date();

  const publishCrl = async (revoked: Parameters<typeof issueCrl>[1]) => {
    // Written beside and renamed, as a CA's publication job does: the watcher sees a whole file.
    const tmp = join(trusted, '.ca.crl.tmp');
    await writeFile(tmp, (await issueCrl(ca, revoked, { nextUpdate: days(30) })).toString('pem'));
    await rename(tmp, join(trusted, 'ca.crl.pem'));
  };

  beforeAll(async () => {
    ca = await createTestAuthority();
    trusted = await mkdtemp(join(tmpdir(), 'tks-int-revocation-'));
    await writeFile(join(trusted, 'ca.pem'), ca.pem);
    await publishCrl([]);
    const bench = await openCertificateTestBench({
      url,
      kafkaBrokers: env.kafkaBrokers,
      trustedCaDir: trusted,
      clock,
    });
    dataSource = bench.dataSource;
    requests = bench.requests;
    trust = bench.trust;
    await trust.onModuleInit();
    reevaluation = new CertificateReevaluationService(
      bench.transactions,
      bench.certificates,
      bench.states,
      bench.relay,
      trust,
      clock,
    );
    reevaluation.onModuleInit();
  });

  afterAll(async () => {
    reevaluation?.onModuleDestroy();
    trust?.onModuleDestroy();
    await dataSource?.destroy();
    await dropDatabase(env.databaseUrl, database);
  });

  it('marks a bound certificate revoked and publishes the subscriber’s state when its CA’s new CRL lists it', async () => {
    const subscriberId = `2TK-${randomUUID().replace(/-/g, '')}`;
    await dataSource.getRepository(Subscriber).insert({
      subscriberId,
      registrationId: randomUUID(),
      kind: 'company',
      name: 'ПАО Сбербанк',
      inn: '7707083893',
      kpp: '773601001',
      ogrn: null,
      taxOfficeCodes: [],
      status: 'active',
      registeredAt: new Date(),
    });
    const certificate = await issueQualifiedCertificate(ca, {
      subject: { commonName: 'ПАО Сбербанк', innLe: '7707083893' },
    });
    await dataSource.transaction((m) =>
      requests.handle(
        {
          action: 'bind',
          requestId: randomUUID(),
          subscriberId,
          certificate: Buffer.from(certificate.rawData).toString('base64'),
          requestedAt: new Date().toISOString(),
        },
        m,
      ),
    );
    const bound = () => dataSource.getRepository(BoundCertificate).findOneByOrFail({ subscriberId });
    expect((await bound()).status).toBe('valid');

    await publishCrl([certificate]);
    await waitUntil(
      'the bound certificate to be found revoked',
      async () => (await bound()).status === 'revoked',
      10_000,
    );
    const states = (await dataSource.query(
      `SELECT envelope->'payload' AS payload FROM registry.outbox
       WHERE key = $1 AND envelope->>'type' = 'subscriber.state' ORDER BY created_at DESC, id LIMIT 1`,
      [subscriberId],
    )) as Array<{ payload: { certificates: Array<{ status: string }> } }>;
    expect(states[0].payload.certificates).toEqual([expect.objectContaining({ status: 'revoked' })]);
  });
});
