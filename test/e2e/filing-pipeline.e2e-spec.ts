import { openContainer, readZip } from '@tks/container';
import { parseCertificateBundle } from '@tks/crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CertificatesClient } from '../../cli/certificates-client';
import { poll } from '../../cli/poll';
import { GatewayClient, FilingBody } from '../../cli/gateway-client';
import { buildNdfl6Declaration, buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { writeApiKeysFile } from '../../services/gateway/test/support/api-keys-file';
import { RECEIPT_SCHEMAS, ReceiptSchema } from '../../services/receipts/src/documents/receipt-xml';
import {
  databaseUrlFor,
  dropDatabase,
  freePort,
  opensslSignerAlgorithms,
  opensslClientSigner,
  opensslCmsPrint,
  OpensslClientSigner,
  opensslVerifyDetached,
  RunningService,
  startService,
  stopService,
  taxOfficeKeyFiles,
  taxOfficeRecipientKey,
  testEnvironment,
  sharedStep,
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
  let gatewayUrl: string;
  let inspectorKey: string;

  beforeAll(async () => {
    const port = await freePort();
    // Issue 5: the API needs a key; an operator key may file for every subscriber. Subprocesses
    // (the `tks` CLI) take it from TKS_API_KEY.
    const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-e2e-keys-')), {
      operator: { role: 'operator' },
      // Issue 6: the inspectors' history, scoped to the two tax offices the test files for.
      inspector: { role: 'inspector', taxOfficeCodes: ['7736', '9999'] },
    });
    inspectorKey = apiKeys.keys.inspector;
    process.env.TKS_API_KEY = apiKeys.keys.operator;
    const shared = {
      API_KEYS_FILE: apiKeys.path,
      DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-e2e-documents-')),
      TKS_NAMESPACE: uniqueName('e2e'),
      GATEWAY_PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
      // Issue 5: filing needs a certificate registered with the (simulated) tax authority; the
      // registry trusts $TKS_PKI_DIR (test CA and its CRL) by default.
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
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => stopService(s)));
    await dropDatabase(env.databaseUrl, database);
    expect(codes).toEqual([0, 0, 0, 0]);
    for (const service of services) {
      expect(service.output()).toContain('"message":"stopped"');
      expect(service.output()).not.toContain('final drain');
    }
  });

  let subscriberId: string;
  let clientSigner: OpensslClientSigner;
  /** The multipart form a bookkeeping program sends with its own detached signature. */
  const postMultipart = (declaration: Buffer, fileName: string, signature: Buffer) => {
    const form = new FormData();
    form.set('subscriberId', subscriberId);
    form.set('declaration', new Blob([declaration], { type: 'application/xml' }), fileName);
    form.set('signature', new Blob([signature], { type: 'application/pkcs7-signature' }), `${fileName}.sig`);
    return fetch(`${gatewayUrl}/api/v1/filings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${process.env.TKS_API_KEY}` },
      body: form,
    });
  };
  const submitMultipart = async (declaration: Buffer, fileName: string, signature: Buffer) => {
    const response = await postMultipart(declaration, fileName, signature);
    expect(response.status).toBe(202);
    return (await response.json()) as FilingBody;
  };
  let filing: FilingBody;
  /** The taxpayer's signature of the first upload, sent again by the retry. */
  let firstSignature: Buffer;
  /** Waits until the filing holds the tax office's document `kind` (the docflow's last answer). */
  const waitForAnswer = (filingId: string, kind: string): Promise<FilingBody> =>
    poll(
      () => client.filing(filingId),
      (f) => f.status === 'refused' || f.documents.some((d) => d.kind === kind),
      90_000,
      `filing ${filingId} to hold its ${kind}`,
    );
  const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
  /** The local deployment's test CAs: ECDSA (subscribers) and GOST (the operator's and tax office's keys). */
  const testCas = join(env.pkiDir, 'gost', 'test-cas.pem');
  /** The default keys are GOST R 34.10-2012 (256) files: Streebog-256 digest, GOST 2012 signature. */
  const expectGost256 = async (signature: Buffer) =>
    expect(await opensslSignerAlgorithms(signature)).toEqual({
      digest: '1.2.643.7.1.1.2.2', // Streebog-256
      // the signature OID (CryptoPro writes it) or the key OID (OpenSSL does), both accepted
      signature: expect.stringMatching(/^1\.2\.643\.7\.1\.1\.(3\.2|1\.1)$/),
    });

  /*
   * The steps most tests stand on, each made once by the first test that needs it: the subscriber
   * registered, its certificate bound (the filing refused before that), its first declaration
   * answered, a declaration for a tax office the robot does not serve answered.
   */
  const registered = sharedStep(async () => {
    const requested = await client.registerSubscriber({
      kind: 'company',
      name: 'ПАО Сбербанк',
      inn: '7707083893',
      kpp: '773601001',
      ogrn: '1027700132195',
    });
    const registration = await client.waitForRegistration(requested.registrationId, 60_000);
    subscriberId = registration.subscriberId as string;
    return { requested, registration };
  });
  const bound = sharedStep(async () => {
    await registered();
    // Issue 5: without a registered certificate the gateway refuses to take a filing.
    const unbound = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
    const early = await postMultipart(
      unbound.bytes,
      unbound.fileName,
      await (await opensslClientSigner(env.pkiDir, 'Unbound e2e signer')).sign(unbound.bytes),
    );
    const refusedEarly = { status: early.status, body: (await early.json()) as { code: string } };
    clientSigner = await opensslClientSigner(env.pkiDir, 'Client of the e2e test');
    const certificates = new CertificatesClient(gatewayUrl, process.env.TKS_API_KEY);
    const request = await certificates.bind(subscriberId, clientSigner.pem);
    const decision = await certificates.waitForDecision(request.requestId, 30_000);
    const [registeredCertificate] = await poll(
      () => certificates.list(subscriberId),
      (list) => list[0]?.taxAuthority.status === 'registered',
      30_000,
    );
    return { refusedEarly, decision, registeredCertificate };
  });
  const firstFiling = sharedStep(async () => {
    await bound();
    // The taxpayer signs (issue 10): the operator's key never signs a declaration.
    firstSignature = await clientSigner.sign(declaration.bytes);
    const submitted = await client.submit(declaration.bytes, {
      subscriberId,
      signature: firstSignature,
      fileName: `${declaration.fileId}.xml`,
      idempotencyKey: 'e2e-first-upload',
    });
    filing = await waitForAnswer(submitted.filingId, 'input-notice');
    return submitted;
  });
  /** Filed for 9999, which the robot tax office does not serve: the one rejected filing of the run. */
  const refusedFor9999 = sharedStep(async () => {
    await bound();
    const refused = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '9999' });
    const submitted = await client.submit(refused.bytes, {
      subscriberId,
      fileName: refused.fileName,
      signature: await clientSigner.sign(refused.bytes),
    });
    return { refused, answer: await client.waitForFiling(submitted.filingId, 'rejected', 90_000) };
  });

  it('registers a subscriber through the registry and issues its identifier', async () => {
    const { requested, registration } = await registered();
    expect(requested.status).toBe('pending');
    expect(registration.status).toBe('registered');
    expect(registration.subscriberId).toMatch(/^[0-9A-Z]{3}-[0-9a-f]{32}$/);
  });

  it('binds the subscriber’s qualified certificate from the test CA and waits for the tax authority', async () => {
    const { refusedEarly, decision, registeredCertificate: registered } = await bound();
    expect(refusedEarly.status).toBe(403);
    expect(refusedEarly.body.code).toBe('TKS-CERTIFICATE-REQUIRED');
    expect(decision).toMatchObject({ status: 'applied', certificateId: clientSigner.certificateId });
    expect(registered).toMatchObject({
      certificateId: clientSigner.certificateId,
      lifecycle: 'current',
      status: 'valid',
      identity: { innLe: '7707083893', ogrn: '1027700132195' },
    });
  });

  it('accepts the windows-1251 declaration and takes it to accepted through both receipts', async () => {
    const submitted = await firstFiling();
    expect(submitted.status).toBe('submitted');
    expect(submitted.fileId).toBe(declaration.fileId);
    expect(filing.status).toBe('accepted');
    expect(filing.timeline.map((e) => e.status).slice(0, 4)).toEqual([
      'submitted',
      'signed',
      'receipt-issued',
      'accepted',
    ]);
    expect(filing.documents.map((d) => d.kind).sort()).toEqual([
      'acceptance-receipt',
      'acceptance-receipt-signature',
      // The taxpayer's signature as received; `declaration-signature` is the same one, checked.
      'client-signature',
      'declaration',
      'declaration-signature',
      'input-notice',
      'input-notice-signature',
      'sending-date-confirmation',
      'sending-date-confirmation-signature',
      'transport-container',
    ]);
  });

  it('seals the signed filing as a transport container that opens to the identical declaration', async () => {
    await firstFiling();
    const container = doc(filing, 'transport-container');
    expect(container.fileName).toBe(
      `FNS_${subscriberId}_${filing.taxOfficeCode}_${filing.docflowId}_01_01_01.zip`,
    );
    const opened = await openContainer(await client.download(container.href), {
      trustedCertificates: parseCertificateBundle(await readFile(testCas, 'utf8')),
      recipientKey: await taxOfficeRecipientKey(),
    });
    expect(opened.description.documents[0]).toMatchObject({ encrypted: true, compressed: true });
    expect(opened.valid).toBe(true);
    expect(opened.description).toMatchObject({
      docflowId: filing.docflowId,
      recipient: { id: filing.taxOfficeCode },
    });
    expect(opened.documents[0].content?.equals(declaration.bytes)).toBe(true);
    expect(opened.documents[0].signatures[0]).toMatchObject({
      role: 'абонент',
      verification: {
        valid: true,
        algorithm: { digest: 'GOST R 34.11-2012-256', signature: 'GOST R 34.10-2012-256' },
      },
    });
  });

  // The encrypted content (the gzipped declaration) is under the 4 KiB first ACPKM section that
  // `openssl cms -decrypt` gets right (docs/decisions/0005-gost-encryption.md, engine issue #529).
  it("encrypts the container's declaration for the tax office: OpenSSL's GOST engine decrypts it with the tax office key to the submitted bytes", async () => {
    await bound();
    // A filing of its own, signed by its taxpayer (the declaration must carry the taxpayer's signature).
    const own = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
    const submitted = await submitMultipart(own.bytes, own.fileName, await clientSigner.sign(own.bytes));
    const accepted = await waitForAnswer(submitted.filingId, 'input-notice');
    expect(accepted.status).toBe('accepted');
    const archive = await client.download(doc(accepted, 'transport-container').href);
    const files = await readZip(archive);
    const description = new TextDecoder('windows-1251').decode(
      files.find((f) => f.name === 'packageDescription.xml')?.data,
    );
    const schema = join(__dirname, '../../schemas/container/TR_TRKON_2_700_01_09_02_01.xsd');
    const dir = await mkdtemp(join(tmpdir(), 'tks-e2e-container-'));
    await writeFile(
      join(dir, 'packageDescription.xml'),
      files.find((f) => f.name === 'packageDescription.xml')?.data ?? '',
    );
    await promisify(execFile)('xmllint', [
      '--noout',
      '--schema',
      schema,
      join(dir, 'packageDescription.xml'),
    ]);
    expect(description).toContain('зашифрован="true"');
    // The channel's layout (docs/decisions/0013): <32 hex>.bin files named in the description.
    const entry = new RegExp(
      `исходноеИмяФайла="${own.fileName}">\\s*<содержимое имяФайла="([0-9a-f]{32}\\.bin)"/>`,
    ).exec(description);
    const encrypted = files.find((f) => f.name === entry?.[1]);
    expect(encrypted).toBeDefined();
    const input = join(dir, 'content.bin');
    await writeFile(input, encrypted?.data ?? Buffer.alloc(0));
    const printed = await opensslCmsPrint(encrypted?.data ?? Buffer.alloc(0));
    expect(printed).toMatch(/kuznyechik-ctr-acpkm|1\.2\.643\.7\.1\.1\.5\.2\.1/);
    expect(printed).toMatch(/kuznyechik-kexp15|1\.2\.643\.7\.1\.1\.7\.2\.1/);
    const key = taxOfficeKeyFiles();
    await promisify(execFile)('openssl', [
      'cms', '-decrypt', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', input,
      '-recip', key.certificate, '-inkey', key.key, '-passin', `file:${key.password}`, '-out', join(dir, 'content.zip'),
    ]); // prettier-ignore
    const compressed = await readFile(join(dir, 'content.zip'));
    expect(compressed.length).toBeLessThan(4096);
    // сжат="true": a ZIP archive of the one file, as `unzip` reads it.
    const decrypted = (
      await promisify(execFile)('unzip', ['-p', join(dir, 'content.zip')], { encoding: 'buffer' })
    ).stdout;
    expect(decrypted.equals(own.bytes)).toBe(true);
    // Every signature of the container verifies with OpenSSL over the decrypted declaration (here the
    // taxpayer's, from the ECDSA test CA of this test's client).
    const signatureNames = [...description.matchAll(/<подпись имяФайла="([0-9a-f]{32}\.bin)"/g)].map(
      (m) => m[1],
    );
    const signatures = files.filter((f) => signatureNames.includes(f.name));
    expect(signatures.length).toBeGreaterThan(0);
    for (const signature of signatures) {
      expect(await opensslVerifyDetached(decrypted, signature.data, testCas)).toMatchObject({ ok: true });
    }
    // The tax office opened it and answered over the channel: each answer is signed GOST R 34.10-2012.
    for (const kind of ['acceptance-receipt', 'input-notice']) {
      const content = await client.download(doc(accepted, kind).href);
      const signature = await client.download(doc(accepted, `${kind}-signature`).href);
      expect(await opensslVerifyDetached(content, signature, testCas)).toMatchObject({ ok: true });
      await expectGost256(signature);
    }
  });

  it('returns the declaration byte for byte, and its GOST signature verifies with OpenSSL', async () => {
    await firstFiling();
    const content = await client.download(doc(filing, 'declaration').href);
    expect(content.equals(declaration.bytes)).toBe(true);
    const signature = await client.download(doc(filing, 'declaration-signature').href);
    const verdict = await opensslVerifyDetached(content, signature, testCas);
    expect(verdict).toMatchObject({ ok: true });
    await expectGost256(signature);

    const tampered = Buffer.from(content);
    tampered[tampered.length - 3] ^= 1;
    expect((await opensslVerifyDetached(tampered, signature, testCas)).ok).toBe(false);
  });

  it('issues a signed sending-date confirmation naming the received files', async () => {
    await firstFiling();
    const confirmation = await client.download(doc(filing, 'sending-date-confirmation').href);
    const signature = await client.download(doc(filing, 'sending-date-confirmation-signature').href);
    const text = new TextDecoder('windows-1251').decode(confirmation);
    expect(doc(filing, 'sending-date-confirmation').fileName).toBe(`PD_${declaration.fileId}.xml`);
    expect(text).toContain('encoding="windows-1251"');
    expect(text).toContain('КНД="1166004"');
    expect(text).toContain(`ИмяПостФайла="${declaration.fileId}.xml"`);
    expect(text).toContain(`E-mail="${subscriberId}"`);
    expect(await xmllint(confirmation, 'sending-date-confirmation')).toBe('valid');
    const verdict = await opensslVerifyDetached(confirmation, signature, testCas);
    expect(verdict).toMatchObject({ ok: true });
    await expectGost256(signature);
    expect(await opensslSigner(signature)).toContain('TKS Operator');
  });

  it('issues the tax office receipt of acceptance (КНД 1166002), signed with the tax office key', async () => {
    await firstFiling();
    const receipt = await client.download(doc(filing, 'acceptance-receipt').href);
    const signature = await client.download(doc(filing, 'acceptance-receipt-signature').href);
    expect(doc(filing, 'acceptance-receipt').fileName).toBe(`KV_${declaration.fileId}.xml`);
    const text = new TextDecoder('windows-1251').decode(receipt);
    expect(text).toContain('КНД="1166002"');
    expect(text).toContain(`<ИмяОбрабФайла>${declaration.fileId}.xml</ИмяОбрабФайла>`);
    expect(text).toContain('КНД="1152017"');
    expect(await xmllint(receipt, 'acceptance-receipt')).toBe('valid');
    const verdict = await opensslVerifyDetached(receipt, signature, testCas);
    expect(verdict).toMatchObject({ ok: true });
    await expectGost256(signature);
    const signer = await opensslSigner(signature);
    expect(signer).toContain('Tax Office');
  });

  it('refuses a filing for a tax office it does not serve: confirmation, then a refusal notice', async () => {
    const { refused, answer } = await refusedFor9999();
    expect(answer.status).toBe('rejected');
    expect(answer.timeline.map((e) => e.status)).toEqual([
      'submitted',
      'signed',
      'receipt-issued',
      'rejected',
    ]);
    expect(answer.timeline[3].detail).toMatchObject({
      receipt: 'refusal-notice',
      refusalCodes: '0100200001',
    });
    expect(answer.documents.map((d) => d.kind)).not.toContain('acceptance-receipt');
    const ca = testCas;
    for (const kind of ['sending-date-confirmation', 'refusal-notice']) {
      const content = await client.download(doc(answer, kind).href);
      const signature = await client.download(doc(answer, `${kind}-signature`).href);
      expect(await opensslVerifyDetached(content, signature, ca)).toMatchObject({ ok: true });
      await expectGost256(signature);
    }
    const notice = new TextDecoder('windows-1251').decode(
      await client.download(doc(answer, 'refusal-notice').href),
    );
    expect(doc(answer, 'refusal-notice').fileName).toBe(`UO_${refused.fileName}`);
    expect(notice).toContain('<КодОш>0100200001</КодОш>');
    expect(notice).toContain(`<ИмяОбрабФайла>${refused.fileName}</ИмяОбрабФайла>`);
  });

  it('verifies a client’s own signature instead of signing, and refuses one that does not match (0100100004)', async () => {
    await bound();
    const signer = clientSigner;
    const own = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
    const signedByClient = await submitMultipart(own.bytes, own.fileName, await signer.sign(own.bytes));
    const accepted = await client.waitForFiling(signedByClient.filingId, 'accepted', 90_000);
    const signature = await client.download(doc(accepted, 'declaration-signature').href);
    expect(await opensslSigner(signature)).toContain('Client of the e2e test');

    const other = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
    const forged = await submitMultipart(other.bytes, other.fileName, await signer.sign(own.bytes));
    const refused = await client.waitForFiling(forged.filingId, 'refused', 90_000);
    expect(refused.timeline.map((e) => e.status)).toEqual(['submitted', 'refused']);
    expect(refused.timeline[1].detail).toMatchObject({ code: '0100100004' });
    expect(refused.documents.map((d) => d.kind)).not.toContain('declaration-signature');
  });

  it('refuses at intake a client signature made with a certificate not bound to the subscriber (0100100000)', async () => {
    await bound();
    const stranger = await opensslClientSigner(env.pkiDir, 'Not the subscriber’s certificate');
    const own = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
    const response = await postMultipart(own.bytes, own.fileName, await stranger.sign(own.bytes));
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { code: string; detail: string; filingId: string };
    expect(problem.code).toBe('0100100000');
    expect(problem.detail).toContain(stranger.certificateId);
    const refused = await client.filing(problem.filingId);
    expect(refused.status).toBe('refused');
    expect(refused.timeline.map((e) => e.status)).toEqual(['refused']);
  });

  it('downloads every receipt with `tks receipts`, each verifying offline and with OpenSSL', async () => {
    await firstFiling();
    const dir = await mkdtemp(join(tmpdir(), 'tks-e2e-receipts-'));
    const cli = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
    const register = join(__dirname, '..', '..', 'scripts', 'register-paths.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', register, cli, 'receipts', filing.filingId, '--out', dir, '--gateway', gatewayUrl, '--json'],
      { env: { ...process.env } },
    );
    const { receipts } = JSON.parse(stdout) as {
      receipts: Array<{ kind: string; file: string; signature: string; certificate: string; valid: boolean }>;
    };
    expect(receipts.map((r) => [r.kind, r.valid])).toEqual([
      ['sending-date-confirmation', true],
      ['acceptance-receipt', true],
      ['input-notice', true],
    ]);
    for (const r of receipts) {
      const [content, signature] = [await readFile(r.file), await readFile(r.signature)];
      expect(await xmllint(content, r.kind as ReceiptSchema)).toBe('valid');
      expect(await opensslVerifyDetached(content, signature, testCas)).toMatchObject({
        ok: true,
      });
      await expectGost256(signature);
    }
    expect(await readFile(receipts[1].certificate, 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('shows the filings in the inspectors history of their tax office, as JSON and as CSV', async () => {
    await firstFiling();
    await refusedFor9999();
    const asInspector = { headers: { authorization: `Bearer ${inspectorKey}` } };
    const page = (await (
      await fetch(`${gatewayUrl}/api/v1/history?taxOfficeCode=7736&inn=7707083893&limit=10`, asInspector)
    ).json()) as { items: Array<{ filingId: string; status: string; links: { filing: string } }> };
    const mine = page.items.find((i) => i.filingId === filing.filingId);
    expect(mine).toMatchObject({
      status: 'accepted',
      links: { filing: `/api/v1/filings/${filing.filingId}` },
    });
    const rejected = await fetch(
      `${gatewayUrl}/api/v1/history?taxOfficeCode=9999&status=rejected`,
      asInspector,
    );
    expect(((await rejected.json()) as { items: unknown[] }).items).toHaveLength(1);
    const csv = await fetch(`${gatewayUrl}/api/v1/history?taxOfficeCode=7736`, {
      headers: { ...asInspector.headers, Accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^filingId,docflowId,/);
    expect(lines.some((l) => l.startsWith(`${filing.filingId},`))).toBe(true);
    const invalid = await fetch(`${gatewayUrl}/api/v1/history?taxOfficeCode=77`, asInspector);
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { code: string }).code).toBe('TKS-REQUEST-INVALID');
    const otherOffice = await fetch(`${gatewayUrl}/api/v1/history?taxOfficeCode=7701`, asInspector);
    expect(otherOffice.status).toBe(403);
    expect((await fetch(`${gatewayUrl}/api/v1/history?taxOfficeCode=7736`)).status).toBe(401);
  });

  it('takes a 6-NDFL declaration (КНД 1151100) of the same company through to the receipt of acceptance', async () => {
    await bound();
    const ndfl6 = buildNdfl6Declaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
    const submitted = await client.submit(ndfl6.bytes, {
      subscriberId,
      fileName: ndfl6.fileName,
      signature: await clientSigner.sign(ndfl6.bytes),
    });
    expect(submitted.formCode).toBe('1151100');
    const answered = await client.waitForFiling(submitted.filingId, 'accepted', 90_000);
    expect(answered.status).toBe('accepted');
    const receipt = new TextDecoder('windows-1251').decode(
      await client.download(doc(answered, 'acceptance-receipt').href),
    );
    expect(receipt).toContain('КНД="1151100"');
  });

  it.each([
    ['9991', 'accepted', ['sending-date-confirmation', 'acceptance-receipt', 'input-notice']],
    ['9992', 'rejected', ['sending-date-confirmation', 'refusal-notice']],
    ['9993', 'accepted', ['sending-date-confirmation', 'acceptance-receipt', 'clarification-notice']],
  ] as const)(
    'test tax office %s answers %s, every answer valid against its official schema (tks receipts)',
    async (taxOfficeCode, status, kinds) => {
      await bound();
      const own = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode });
      const submitted = await client.submit(own.bytes, {
        subscriberId,
        fileName: own.fileName,
        signature: await clientSigner.sign(own.bytes),
      });
      const answered = await waitForAnswer(submitted.filingId, kinds[kinds.length - 1]);
      expect(answered.status).toBe(status);
      const dir = await mkdtemp(join(tmpdir(), `tks-e2e-robot-${taxOfficeCode}-`));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '-r',
          join(__dirname, '..', '..', 'scripts', 'register-paths.js'),
          join(__dirname, '..', '..', 'dist', 'cli', 'main.js'),
          'receipts',
          submitted.filingId,
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
      expect(receipts.map((r) => r.kind)).toEqual(kinds);
      for (const r of receipts) {
        expect(r.valid).toBe(true);
        expect(await xmllint(await readFile(r.file), r.kind as ReceiptSchema)).toBe('valid');
      }
    },
  );

  it('answers a retried upload with the same filing, never a second one', async () => {
    await firstFiling();
    // A retry sends the same request again: a GOST signature differs each time it is made, and the
    // same key with another body is refused (TKS-IDEMPOTENCY-KEY-REUSED, intake-faults.int-spec).
    const again = await client.submit(declaration.bytes, {
      subscriberId,
      signature: firstSignature,
      fileName: `${declaration.fileId}.xml`,
      idempotencyKey: 'e2e-first-upload',
    });
    expect(again.filingId).toBe(filing.filingId);
    const sameFile = await client.submit(declaration.bytes, {
      subscriberId,
      fileName: declaration.fileName,
      idempotencyKey: 'another-key',
      signature: await clientSigner.sign(declaration.bytes),
    });
    expect(sameFile.filingId).toBe(filing.filingId);
  });
});

/** The subject of the certificate a CMS signature embeds, as OpenSSL reads it. */
async function opensslSigner(signature: Buffer): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'tks-e2e-sig-')), 'receipt.p7s');
  await writeFile(file, signature);
  const { stdout } = await promisify(execFile)('openssl', [
    'pkcs7',
    '-inform',
    'DER',
    '-in',
    file,
    '-print_certs',
    '-noout',
  ]);
  return stdout;
}

/**
 * `xmllint --schema` against the schema of the document's type in schemas/receipts/ (the tax
 * service's own XSD where one is published): "valid", or what xmllint says.
 */
async function xmllint(content: Buffer, kind: ReceiptSchema): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'tks-e2e-xmllint-')), 'document.xml');
  await writeFile(file, content);
  const xsd = join(__dirname, '..', '..', 'schemas', 'receipts', RECEIPT_SCHEMAS[kind]);
  return promisify(execFile)('xmllint', ['--noout', '--schema', xsd, file]).then(
    () => 'valid',
    (error: { stderr?: string }) => error.stderr ?? String(error),
  );
}

function doc(filing: FilingBody, kind: string) {
  const found = filing.documents.find((d) => d.kind === kind);
  if (!found) throw new Error(`filing has no ${kind}: ${JSON.stringify(filing.documents)}`);
  return found;
}
