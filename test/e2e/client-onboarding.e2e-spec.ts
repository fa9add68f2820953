import { CertificatesClient } from '../../cli/certificates-client';
import { GatewayClient, GatewayError, requestJson, type ProblemBody } from '../../cli/gateway-client';
import { poll } from '../../cli/poll';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { opensslClientSigner, OpensslClientSigner, sharedStep, testEnvironment } from '@tks/testing';
import { RunningPipeline, startPipeline } from './support/running-pipeline';

type KeyName = 'bookkeeping' | 'otherBookkeeping';

const company = { name: 'ПАО Сбербанк', inn: '7707083893', kpp: '773601001', ogrn: '1027700132195' };
const identity = { org: company.name, innLe: company.inn, ogrn: company.ogrn };

/**
 * The problem a call answers with, without `instance` (the path asked for); a call that succeeds
 * fails the test.
 */
async function problemOf(call: Promise<unknown>): Promise<Omit<ProblemBody, 'instance'>> {
  const outcome = await call.then(
    (body) => ({ body }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a problem, got ${JSON.stringify(outcome.body)}`);
  if (!(outcome.error instanceof GatewayError)) throw outcome.error;
  const { instance: _path, ...problem } = outcome.error.problem as ProblemBody & { instance?: string };
  return problem;
}

/**
 * Onboarding by clients (issue 14) through the whole pipeline: a client key registers a
 * subscriber, is granted it, binds and reissues its certificate and files for it; another client's
 * key gets 404 on every one of those, exactly as for a subscriber that does not exist.
 */
describe('onboarding by client keys', () => {
  let pipeline: RunningPipeline<KeyName>;
  let own: { gateway: GatewayClient; certificates: CertificatesClient };
  let other: { gateway: GatewayClient; certificates: CertificatesClient };
  let signer: OpensslClientSigner;
  let registrationId: string;
  let subscriberId: string;
  let bindRequestId: string;
  let filingId: string;
  const unknownSubscriber = '2TK-00000000000000000000000000000000';

  const clients = (key: KeyName) => ({
    gateway: new GatewayClient(pipeline.gatewayUrl, pipeline.keys[key]),
    certificates: new CertificatesClient(pipeline.gatewayUrl, pipeline.keys[key]),
  });
  const api = <T>(key: KeyName, path: string) =>
    requestJson<T>(pipeline.gatewayUrl, pipeline.keys[key], path);

  beforeAll(async () => {
    pipeline = await startPipeline({
      bookkeeping: { role: 'client' },
      otherBookkeeping: { role: 'client' },
    });
    own = clients('bookkeeping');
    other = clients('otherBookkeeping');
    signer = await opensslClientSigner(testEnvironment().pkiDir, `${company.name} signer`, identity);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  /*
   * The subscriber's life with the client key, each step made once by the first test that needs
   * it: registered, its certificate bound and registered with the tax authority, a filing accepted.
   */
  const registered = sharedStep(async () => {
    const requested = await own.gateway.registerSubscriber({ kind: 'company', ...company });
    registrationId = requested.registrationId;
    const registration = await own.gateway.waitForRegistration(registrationId, 60_000);
    subscriberId = registration.subscriberId as string;
    return registration;
  });
  const bound = sharedStep(async () => {
    await registered();
    const request = await own.certificates.bind(subscriberId, signer.pem);
    bindRequestId = request.requestId;
    const decision = await own.certificates.waitForDecision(bindRequestId, 30_000);
    const certificates = await poll(
      () => own.certificates.list(subscriberId),
      (list) => list[0]?.taxAuthority.status === 'registered',
      30_000,
      'the certificate to be registered with the tax authority',
    );
    return { decision, certificates };
  });
  const filed = sharedStep(async () => {
    await bound();
    const declaration = buildUsnDeclaration({ inn: company.inn, kpp: company.kpp, taxOfficeCode: '9991' });
    const filing = await own.gateway.submit(declaration.bytes, {
      subscriberId,
      fileName: declaration.fileName,
      signature: await signer.sign(declaration.bytes),
    });
    filingId = filing.filingId;
    return own.gateway.waitForFiling(filingId, 'accepted', 120_000);
  });

  it('registers a subscriber with a client key and grants it to that key', async () => {
    const registration = await registered();
    expect(registration.status).toBe('registered');

    const me = await api<{ role: string; subscriberIds: string[] }>('bookkeeping', '/api/v1/access/me');
    expect(me).toMatchObject({ role: 'client', subscriberIds: [subscriberId] });
    const listed = await api<{ total: number; subscribers: Array<{ subscriberId: string }> }>(
      'bookkeeping',
      '/api/v1/subscribers',
    );
    expect(listed.subscribers.map((s) => s.subscriberId)).toEqual([subscriberId]);
  });

  it('binds the subscriber’s certificate with the client key until the tax authority registers it', async () => {
    const { decision, certificates } = await bound();
    expect(decision).toMatchObject({
      status: 'applied',
      certificateId: signer.certificateId,
    });
    expect(certificates.map((c) => c.certificateId)).toEqual([signer.certificateId]);
  });

  it('files a declaration for its subscriber through to acceptance', async () => {
    expect((await filed()).status).toBe('accepted');
  });

  it('answers another client’s key 404 on the registration, the subscriber, its certificates and filings', async () => {
    await filed();
    // The subscriber's certificates before the other key's calls (a reissue test may have added one).
    const before = (await own.certificates.list(subscriberId, true)).map((c) => c.certificateId);
    expect(before).toContain(signer.certificateId);
    const declaration = buildUsnDeclaration({ inn: company.inn, kpp: company.kpp, taxOfficeCode: '9991' });
    // Thunks: each call is made only when its answer is awaited.
    const calls = (id: string) => ({
      subscriber: () => api('otherBookkeeping', `/api/v1/subscribers/${id}`),
      certificates: () => other.certificates.list(id),
      certificate: () =>
        api('otherBookkeeping', `/api/v1/subscribers/${id}/certificates/${signer.certificateId}`),
      warnings: () => other.certificates.warnings(id),
      bind: () => other.certificates.bind(id, signer.pem),
      reissue: () => other.certificates.bind(id, signer.pem, true),
      filing: () =>
        other.gateway.submit(declaration.bytes, {
          subscriberId: id,
          fileName: declaration.fileName,
          signature: Buffer.from('not looked at'),
        }),
    });
    const foreign = calls(subscriberId);
    const unknown = calls(unknownSubscriber);
    for (const name of Object.keys(foreign) as Array<keyof typeof foreign>) {
      const answer = await problemOf(foreign[name]());
      const forUnknown = await problemOf(unknown[name]());
      // Foreign looks exactly like unknown: the other client learns nothing.
      expect({ name, ...answer }).toEqual({ name, ...forUnknown });
      expect({ name, status: answer.status }).toEqual({ name, status: 404 });
    }

    expect(await problemOf(other.gateway.registration(registrationId))).toMatchObject({ status: 404 });
    expect(await problemOf(other.certificates.requestState(bindRequestId))).toMatchObject({ status: 404 });
    expect(await problemOf(other.gateway.filing(filingId))).toMatchObject({ status: 404 });
    const listed = await api<{ total: number }>('otherBookkeeping', '/api/v1/subscribers');
    expect(listed.total).toBe(0);
    // Nothing the other key asked for reached the registry: the subscriber's certificates are as before.
    expect((await own.certificates.list(subscriberId, true)).map((c) => c.certificateId)).toEqual(before);
  });

  it('grants nothing when another client registers the same taxpayer again', async () => {
    await registered();
    const requested = await other.gateway.registerSubscriber({ kind: 'company', ...company });
    const registration = await other.gateway.waitForRegistration(requested.registrationId, 60_000);
    expect(registration).toMatchObject({ status: 'rejected', reason: { code: 'TKS-SUBSCRIBER-DUPLICATE' } });
    const me = await api<{ subscriberIds: string[] }>('otherBookkeeping', '/api/v1/access/me');
    expect(me.subscriberIds).toEqual([]);
  });

  it('reissues its subscriber’s certificate with the client key, but may not revoke it', async () => {
    await bound();
    const renewed = await opensslClientSigner(testEnvironment().pkiDir, `${company.name} renewed`, identity);
    const request = await own.certificates.bind(subscriberId, renewed.pem, true);
    expect(await own.certificates.waitForDecision(request.requestId, 30_000)).toMatchObject({
      status: 'applied',
      certificateId: renewed.certificateId,
    });
    // The decision and the subscriber's new state are two events: wait for the state too.
    const current = await poll(
      async () => (await own.certificates.list(subscriberId)).find((c) => c.lifecycle === 'current'),
      (certificate) => certificate?.certificateId === renewed.certificateId,
      30_000,
      'the reissued certificate to become current',
    );
    expect(current?.certificateId).toBe(renewed.certificateId);
    expect(await problemOf(own.certificates.revoke(subscriberId, renewed.certificateId))).toMatchObject({
      status: 403,
      code: 'TKS-FORBIDDEN',
    });
  });
});
