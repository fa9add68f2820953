import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decode, encode } from 'iconv-lite';
import { buildReceiptNotice, receiptNoticeSchemaPath, taxpayerParty } from '@tks/receipt-notice';
import {
  certificateIdOfPem,
  databaseUrlFor,
  dropDatabase,
  freePort,
  opensslDetachedSigner,
  opensslVerifyDetached,
  RunningService,
  sharedStep,
  startService,
  stopService,
  testEnvironment,
  uniqueName,
  waitForHttp,
  waitForLog,
} from '@tks/testing';
import { CertificatesClient } from '../../cli/certificates-client';
import { FilingBody, GatewayClient } from '../../cli/gateway-client';
import { poll } from '../../cli/poll';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { writeApiKeysFile } from '../../services/gateway/test/support/api-keys-file';

const run = promisify(execFile);
const company = { inn: '7707083893', kpp: '773601001' };

/**
 * The docflow completes as on real channels (issue 9): for each answer of the tax office the
 * subscriber signs and sends a receipt notice (IZ, КНД 1166008), the operator forwards it, and only
 * then is the filing `finished`; its outcome is kept apart from its progress. Robot tax offices
 * 9991 (accepts) and 9993 (asks for clarification), on the real broker, database and token.
 */
describe('receipt notices finish the docflow', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_e2e_iz');
  const services: RunningService[] = [];
  let client: GatewayClient;
  let gatewayUrl: string;
  let subscriberId: string;
  /** The subscriber's key and registered certificate, as files for `tks ack`. */
  let subscriber: TestCertificate;
  /** A certificate of the same test CA that was never bound to the subscriber. */
  let stranger: TestCertificate;

  beforeAll(async () => {
    const port = await freePort();
    const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-e2e-iz-keys-')), {
      operator: { role: 'operator' },
    });
    process.env.TKS_API_KEY = apiKeys.keys.operator;
    const shared = {
      API_KEYS_FILE: apiKeys.path,
      DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-e2e-iz-documents-')),
      TKS_NAMESPACE: uniqueName('e2e-iz'),
      GATEWAY_PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
      TAX_AUTHORITY_REGISTRATION_DELAY_MS: '200',
      CERTIFICATE_SCAN_INTERVAL_MS: '200',
    };
    for (const name of ['registry', 'signer', 'receipts', 'gateway'] as const) {
      services.push(startService(name, shared));
    }
    for (const service of services) await waitForLog(service, 'service started', 90_000);
    await waitForHttp(`http://127.0.0.1:${port}/api/v1/openapi.json`, services[3]);
    gatewayUrl = `http://127.0.0.1:${port}`;
    client = new GatewayClient(gatewayUrl);
    [subscriber, stranger] = await Promise.all([
      issueCertificate(env.pkiDir, 'Subscriber of the receipt-notice test'),
      issueCertificate(env.pkiDir, 'Stranger of the receipt-notice test'),
    ]);
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => stopService(s)));
    await dropDatabase(env.databaseUrl, database);
    expect(codes).toEqual([0, 0, 0, 0]);
  });

  /** Files a declaration for the tax office and waits for the document `kind` of its last answer. */
  const fileAndWait = async (taxOfficeCode: string, lastAnswer: string): Promise<FilingBody> => {
    const declaration = buildUsnDeclaration({ ...company, taxOfficeCode });
    // The taxpayer signs its declaration with its registered certificate (issue 10).
    const submitted = await client.submit(declaration.bytes, {
      subscriberId,
      fileName: declaration.fileName,
      signature: await subscriber.sign(declaration.bytes),
    });
    return poll(
      () => client.filing(submitted.filingId),
      (f) => f.status === 'refused' || f.documents.some((d) => d.kind === lastAnswer),
      90_000,
      `filing ${submitted.filingId} to hold its ${lastAnswer}`,
    );
  };
  const ack = (filingId: string, certificate: TestCertificate) =>
    run(
      process.execPath,
      [
        '-r',
        join(__dirname, '..', '..', 'scripts', 'register-paths.js'),
        join(__dirname, '..', '..', 'dist', 'cli', 'main.js'),
        'ack',
        filingId,
        '--key',
        certificate.keyFile,
        '--cert',
        certificate.certificateFile,
        '--wait',
        '--json',
        '--gateway',
        gatewayUrl,
      ],
      { env: { ...process.env } },
    ).then(
      ({ stdout }) => ({ exitCode: 0, body: JSON.parse(stdout) as AckOutput }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        exitCode: error.code ?? 1,
        body: JSON.parse(error.stdout || '{}') as AckOutput,
        stderr: error.stderr,
      }),
    );
  /** Builds the subscriber's IZ for one answer, as bookkeeping software would. */
  const noticeOf = (filing: FilingBody, receivedFileName: string) =>
    buildReceiptNotice({
      receivedFileName,
      receivedAt: new Date(),
      confirmer: taxpayerParty({ kind: 'legal-entity', name: 'ПАО Сбербанк', ...company }, subscriberId),
      sender: { kind: 'tax-office', code: filing.taxOfficeCode },
      programVersion: 'e2e',
    });
  const feedOf = async (filingId: string) => {
    const response = await fetch(`${gatewayUrl}/api/v1/events?limit=500`, {
      headers: { authorization: `Bearer ${process.env.TKS_API_KEY}` },
    });
    const page = (await response.json()) as { events: FeedEvent[] };
    return page.events.filter((e) => e.filingId === filingId);
  };
  const post = (filingId: string, notice: Buffer, signature: Buffer) =>
    fetch(`${gatewayUrl}/api/v1/filings/${filingId}/receipt-notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${process.env.TKS_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ notice: notice.toString('base64'), signature: signature.toString('base64') }),
    });

  /*
   * What the tests stand on, each made once by the first test that needs it: the subscriber with
   * its certificate registered; a filing of 9991 answered; the same filing once `tks ack` has
   * confirmed its answers.
   */
  const registered = sharedStep(async () => {
    const requested = await client.registerSubscriber({
      kind: 'company',
      name: 'ПАО Сбербанк',
      ...company,
      ogrn: '1027700132195',
    });
    const registration = await client.waitForRegistration(requested.registrationId, 60_000);
    subscriberId = registration.subscriberId as string;
    const certificates = new CertificatesClient(gatewayUrl, process.env.TKS_API_KEY);
    const request = await certificates.bind(subscriberId, subscriber.pem);
    await certificates.waitForDecision(request.requestId, 30_000);
    const bound = await poll(
      () => certificates.list(subscriberId),
      (list) => list[0]?.taxAuthority.status === 'registered',
      30_000,
      'the certificate to be registered with the tax authority',
    );
    return { registration, bound };
  });
  /** An accepted filing as it was before any receipt notice. */
  const answered = sharedStep(async () => {
    await registered();
    return fileAndWait('9991', 'input-notice');
  });
  const acknowledged = sharedStep(async () => {
    const filing = await answered();
    const acked = await ack(filing.filingId, subscriber);
    return { ...acked, finished: await client.filing(filing.filingId) };
  });

  it('registers the subscriber and its certificate with the tax authority', async () => {
    const { registration, bound } = await registered();
    expect(registration.status).toBe('registered');
    expect(bound.map((c) => [c.certificateId, c.taxAuthority.status])).toEqual([
      [subscriber.certificateId, 'registered'],
    ]);
  });

  it('keeps an accepted filing `answered` until its answers are confirmed', async () => {
    const accepted = await answered();
    expect(accepted).toMatchObject({ status: 'accepted', progress: 'answered', outcome: 'accepted' });
    expect(accepted.receiptNotices).toEqual([]);
  });

  it('`tks ack` confirms the receipt of acceptance and the notice of input; the filing is finished, accepted', async () => {
    const { exitCode, body, finished } = await acknowledged();
    expect(exitCode).toBe(0);
    expect(body.acknowledged.map((a) => [a.kind, a.status])).toEqual([
      ['acceptance-receipt', 'sent'],
      ['input-notice', 'sent'],
    ]);
    expect(finished).toMatchObject({ status: 'accepted', progress: 'finished', outcome: 'accepted' });
    expect(finished.receiptNotices.map((n) => [n.acknowledges.kind, n.status])).toEqual([
      ['acceptance-receipt', 'forwarded'],
      ['input-notice', 'forwarded'],
    ]);
    expect(finished.timeline.at(-1)).toMatchObject({ progress: 'finished', outcome: 'accepted' });
  });

  it('stores each receipt notice as a document valid against the IZ schema, signed by the subscriber', async () => {
    const accepted = (await acknowledged()).finished;
    const notices = accepted.documents.filter((d) => d.kind === 'receipt-notice');
    expect(notices.map((d) => [d.acknowledges, d.fileName])).toEqual(
      ['acceptance-receipt', 'input-notice'].map((kind) => {
        const answer = accepted.documents.find((d) => d.kind === kind);
        return [kind, `IZ_${answer?.fileName}`];
      }),
    );
    for (const notice of notices) {
      const signature = accepted.documents.find(
        (d) => d.kind === 'receipt-notice-signature' && d.acknowledges === notice.acknowledges,
      );
      const [content, signatureBytes] = [
        await client.download(notice.href),
        await client.download(signature?.href ?? 'missing'),
      ];
      expect(await xmllint(content)).toBe('valid');
      expect(decode(content, 'win1251')).toContain('КНД="1166008"');
      expect(
        await opensslVerifyDetached(content, signatureBytes, join(env.pkiDir, 'test-ca.pem')),
      ).toMatchObject({
        ok: true,
      });
    }
  });

  it('`tks receipts` writes the answers and the receipt notices of a finished docflow, each valid and signed', async () => {
    const accepted = (await acknowledged()).finished;
    const dir = await mkdtemp(join(tmpdir(), 'tks-e2e-iz-receipts-'));
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        join(__dirname, '..', '..', 'scripts', 'register-paths.js'),
        join(__dirname, '..', '..', 'dist', 'cli', 'main.js'),
        'receipts',
        accepted.filingId,
        '--out',
        dir,
        '--gateway',
        gatewayUrl,
        '--json',
      ],
      { env: { ...process.env } },
    );
    const { receipts } = JSON.parse(stdout) as {
      receipts: Array<{ kind: string; file: string; valid: boolean }>;
    };
    expect(receipts.map((r) => [r.kind, r.valid])).toEqual([
      ['sending-date-confirmation', true],
      ['acceptance-receipt', true],
      ['input-notice', true],
      ['receipt-notice', true],
      ['receipt-notice', true],
    ]);
    for (const r of receipts.filter((x) => x.kind === 'receipt-notice')) {
      expect(await xmllint(await readFile(r.file))).toBe('valid');
    }
  });

  it('reports progress and outcome in the events feed', async () => {
    const accepted = (await acknowledged()).finished;
    const feed = await poll(
      () => feedOf(accepted.filingId),
      (events) => events.some((e) => e.progress === 'finished'),
      10_000,
      'the feed to show the filing finished',
    );
    const changes = <T>(values: T[]) => values.filter((v, i) => i === 0 || v !== values[i - 1]);
    // Signing and the sending-date confirmation arrive on different topics and may be applied in
    // either order; progress then skips a step but never moves back.
    const order = ['submitted', 'signed', 'sent', 'answered', 'finished'];
    const progress = changes(feed.map((e) => e.progress ?? 'submitted'));
    expect(progress).toEqual(order.filter((p) => progress.includes(p)));
    expect(progress).toEqual(expect.arrayContaining(['submitted', 'answered', 'finished']));
    expect(changes(feed.map((e) => e.outcome ?? null))).toEqual([null, 'accepted']);
    expect(feed.flatMap((e) => (e.detail?.receiptNotice ? [e.detail.receiptNotice] : [])).sort()).toEqual([
      'forwarded',
      'forwarded',
      'sent',
      'sent',
    ]);
  });

  it('answers the same notice again with the first one, and another notice for the same answer with 409', async () => {
    const accepted = (await acknowledged()).finished;
    const answer = accepted.documents.find((d) => d.kind === 'acceptance-receipt');
    const stored = accepted.documents.find(
      (d) => d.kind === 'receipt-notice' && d.acknowledges === 'acceptance-receipt',
    );
    const storedSignature = accepted.documents.find(
      (d) => d.kind === 'receipt-notice-signature' && d.acknowledges === 'acceptance-receipt',
    );
    const again = await post(
      accepted.filingId,
      await client.download(stored?.href ?? 'missing'),
      await client.download(storedSignature?.href ?? 'missing'),
    );
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const other = noticeOf(accepted, answer?.fileName ?? 'missing');
    const conflict = await post(accepted.filingId, other.bytes, await subscriber.sign(other.bytes));
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { code: string }).code).toBe('TKS-RECEIPT-NOTICE-EXISTS');
  });

  it('finishes a clarification filing of 9993 with outcome clarification-requested', async () => {
    await registered();
    const clarified = await fileAndWait('9993', 'clarification-notice');
    expect(clarified).toMatchObject({ progress: 'answered', outcome: 'clarification-requested' });
    const { exitCode, body } = await ack(clarified.filingId, subscriber);
    expect(exitCode).toBe(0);
    expect(body.acknowledged.map((a) => a.kind)).toEqual(['acceptance-receipt', 'clarification-notice']);
    expect(body).toMatchObject({ progress: 'finished', outcome: 'clarification-requested' });
  });

  describe('refusals', () => {
    let pending: FilingBody;
    let acceptanceFile: string;

    beforeAll(async () => {
      await registered();
      pending = await fileAndWait('9991', 'input-notice');
      acceptanceFile = pending.documents.find((d) => d.kind === 'acceptance-receipt')?.fileName ?? 'missing';
    });

    it('refuses a notice signed with a certificate that is not the subscriber’s (0100100000)', async () => {
      const { exitCode, body } = await ack(pending.filingId, stranger);
      expect(exitCode).toBe(1);
      expect(body.acknowledged.map((a) => [a.status, a.problem?.code])).toEqual([
        ['refused', '0100100000'],
        ['refused', '0100100000'],
      ]);
      expect(await client.filing(pending.filingId)).toMatchObject({
        progress: 'answered',
        receiptNotices: [],
      });
    });

    it('refuses a notice whose bytes differ from what was signed (0100100004)', async () => {
      const notice = noticeOf(pending, acceptanceFile);
      const signature = await subscriber.sign(notice.bytes);
      const altered = encode(
        decode(notice.bytes, 'win1251').replace('ВерсПрог="e2e"', 'ВерсПрог="e2f"'),
        'win1251',
      );
      const response = await post(pending.filingId, altered, signature);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { code: string }).code).toBe('0100100004');
    });

    it('refuses a notice naming a file that is not an answer of this filing', async () => {
      const foreignAnswer =
        (await answered()).documents.find((d) => d.kind === 'acceptance-receipt')?.fileName ?? 'missing';
      for (const fileName of [
        foreignAnswer,
        pending.documents.find((d) => d.kind === 'declaration')?.fileName,
      ]) {
        const notice = noticeOf(pending, fileName ?? 'missing');
        const response = await post(pending.filingId, notice.bytes, await subscriber.sign(notice.bytes));
        expect(response.status).toBe(422);
        expect(((await response.json()) as { code: string }).code).toBe('TKS-RECEIPT-NOTICE-FILE');
      }
    });

    it('refuses a notice that breaks the IZ schema (0300300001)', async () => {
      const notice = noticeOf(pending, acceptanceFile);
      const broken = encode(
        decode(notice.bytes, 'win1251').replace('КНД="1166008"', 'КНД="1166002"'),
        'win1251',
      );
      const response = await post(pending.filingId, broken, await subscriber.sign(broken));
      expect(response.status).toBe(422);
      expect(((await response.json()) as { code: string }).code).toBe('0300300001');
      expect(await client.filing(pending.filingId)).toMatchObject({
        progress: 'answered',
        receiptNotices: [],
      });
    });
  });
});

interface FeedEvent {
  filingId: string;
  progress?: string;
  outcome?: string | null;
  detail?: Record<string, string>;
}

interface AckOutput {
  progress: string;
  outcome: string | null;
  acknowledged: Array<{ kind: string; status: string; problem?: { code: string } }>;
}

interface TestCertificate {
  pem: string;
  certificateId: string;
  keyFile: string;
  certificateFile: string;
  sign: (content: Buffer) => Promise<Buffer>;
}

/** A company certificate from the local test CA, with the script the README gives operators. */
async function issueCertificate(pkiDir: string, commonName: string): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-e2e-iz-cert-'));
  await run(
    join(__dirname, '..', '..', 'infra', 'pki', 'issue-test-certificate.sh'),
    [
      '--cn',
      commonName,
      '--org',
      'ПАО Сбербанк',
      '--innle',
      company.inn,
      '--ogrn',
      '1027700132195',
      '--out',
      dir,
    ],
    { env: { ...process.env, TKS_PKI_DIR: pkiDir } },
  );
  const [keyFile, certificateFile] = [join(dir, 'key.pem'), join(dir, 'certificate.pem')];
  const pem = await readFile(certificateFile, 'utf8');
  return {
    pem,
    certificateId: certificateIdOfPem(pem),
    keyFile,
    certificateFile,
    sign: opensslDetachedSigner(certificateFile, keyFile),
  };
}

/** `xmllint --schema` against the reconstructed IZ schema: "valid", or what xmllint says. */
async function xmllint(content: Buffer): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'tks-e2e-iz-xml-')), 'notice.xml');
  await writeFile(file, content);
  return run('xmllint', ['--noout', '--schema', receiptNoticeSchemaPath(), file]).then(
    () => 'valid',
    (error: { stderr?: string }) => error.stderr ?? String(error),
  );
}
