import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CertificatesClient } from '../../cli/certificates-client';
import { FilingBody, GatewayClient } from '../../cli/gateway-client';
import { poll } from '../../cli/poll';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { writeApiKeysFile } from '../../services/gateway/test/support/api-keys-file';
import {
  certificateIdOfPem,
  databaseUrlFor,
  dropDatabase,
  freePort,
  opensslSignerAlgorithms,
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

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/**
 * Issue 10: the taxpayer signs its declaration, never the operator. GOST R 34.10-2012 (256 and
 * 512) signatures made by the taxpayer's own tool (OpenSSL with the GOST engine, certificates of
 * the GOST test CA with INNLE/OGRN) go through the registry, the gateway's authority step, the
 * signer's verification and the tax office to "accepted"; a tampered one is refused 0100100004;
 * one made with a certificate that is not the subscriber's is refused 0100100000; an unsigned one
 * is signed only with the subscriber's own key on the operator's HSM (ECDSA: SoftHSM has no GOST),
 * and only after the subscriber's consent.
 */
describe('the taxpayer signs its declaration', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_e2e_taxpayer');
  const databaseUrl = databaseUrlFor(env.databaseUrl, database);
  const services: RunningService[] = [];
  const testCas = join(env.pkiDir, 'gost', 'test-cas.pem');
  let gatewayUrl: string;
  let operatorKey: string;
  let client: GatewayClient;
  let certificates: CertificatesClient;
  let cloudKeyLabel: string | undefined;

  beforeAll(async () => {
    const port = await freePort();
    const apiKeys = await writeApiKeysFile(await mkdtemp(join(tmpdir(), 'tks-e2e-taxpayer-keys-')), {
      operator: { role: 'operator' },
    });
    operatorKey = apiKeys.keys.operator;
    const shared = {
      API_KEYS_FILE: apiKeys.path,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      DOCUMENT_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-e2e-taxpayer-documents-')),
      TKS_NAMESPACE: uniqueName('e2etaxpayer'),
      GATEWAY_PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
      TAX_AUTHORITY_REGISTRATION_DELAY_MS: '200',
      CERTIFICATE_SCAN_INTERVAL_MS: '200',
    };
    for (const name of ['registry', 'signer', 'receipts', 'gateway'] as const) {
      services.push(startService(name, shared));
    }
    for (const service of services) await waitForLog(service, 'service started', 90_000);
    gatewayUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${gatewayUrl}/api/v1/openapi.json`, services[3]);
    client = new GatewayClient(gatewayUrl, operatorKey);
    certificates = new CertificatesClient(gatewayUrl, operatorKey);
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => stopService(s)));
    if (cloudKeyLabel) await deleteTokenKeyPair(cloudKeyLabel);
    await dropDatabase(env.databaseUrl, database);
    expect(codes).toEqual([0, 0, 0, 0]);
  });

  const sberbank = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' };
  let subscriberId: string;
  let gost256: Signer;

  const register = async (body: Record<string, string>): Promise<string> => {
    const requested = await client.registerSubscriber({ kind: 'company', ...body });
    const registration = await client.waitForRegistration(requested.registrationId, 60_000);
    expect(registration.status).toBe('registered');
    return registration.subscriberId as string;
  };
  /** Binds (or reissues) a certificate and waits until the tax authority has registered it. */
  const bindRegistered = async (id: string, pem: string, action: 'bind' | 'reissue' = 'bind') => {
    const request = await certificates.bind(id, pem, action === 'reissue');
    expect(await certificates.waitForDecision(request.requestId, 30_000)).toMatchObject({
      status: 'applied',
      certificateId: certificateIdOfPem(pem),
    });
    const list = await poll(
      () => certificates.list(id),
      (all) =>
        all.some((c) => c.certificateId === certificateIdOfPem(pem) && c.taxAuthority.status !== 'pending'),
      30_000,
    );
    expect(list.find((c) => c.certificateId === certificateIdOfPem(pem))).toMatchObject({
      status: 'valid',
      taxAuthority: { status: 'registered' },
    });
  };
  const submitSigned = (declaration: Buffer, fileName: string, signature: Buffer) =>
    fetch(`${gatewayUrl}/api/v1/filings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorKey}` },
      body: multipart(subscriberId, declaration, fileName, signature),
    });

  /** ПАО Сбербанк with its GOST 256 certificate registered: made once, by the first test that needs it. */
  const sberbankBound = sharedStep(async () => {
    subscriberId = await register({
      name: 'ПАО Сбербанк',
      inn: sberbank.inn,
      kpp: sberbank.kpp,
      ogrn: '1027700132195',
    });
    gost256 = await gostSigner('256', 'Главный бухгалтер (ГОСТ 256)');
    await bindRegistered(subscriberId, gost256.pem);
  });

  it('binds a GOST R 34.10-2012 (256) certificate of the GOST test CA: chain, CRL and identity check out', async () => {
    await sberbankBound();
    const bound = (await certificates.list(subscriberId, true)).find(
      (c) => c.certificateId === gost256.certificateId,
    );
    expect(bound).toMatchObject({ identity: { innLe: sberbank.inn, ogrn: '1027700132195' } });
  });

  it('takes a GOST 256 client-signed declaration to accepted; OpenSSL verifies the taxpayer’s signature', async () => {
    await sberbankBound();
    const declaration = buildUsnDeclaration(sberbank);
    const response = await submitSigned(
      declaration.bytes,
      declaration.fileName,
      await gost256.sign(declaration.bytes),
    );
    expect(response.status).toBe(202);
    const accepted = await client.waitForFiling(
      ((await response.json()) as FilingBody).filingId,
      'accepted',
      90_000,
    );
    expect({ status: accepted.status, timeline: accepted.timeline }).toMatchObject({ status: 'accepted' });
    const signature = await client.download(doc(accepted, 'declaration-signature').href);
    expect(await opensslVerifyDetached(declaration.bytes, signature, testCas)).toMatchObject({ ok: true });
    expect(await opensslSignerAlgorithms(signature)).toEqual({
      digest: '1.2.643.7.1.1.2.2',
      signature: expect.stringMatching(/^1\.2\.643\.7\.1\.1\.(3\.2|1\.1)$/),
    });
    expect(accepted.timeline.find((e) => e.status === 'signed')?.detail).toMatchObject({
      signedBy: 'client',
      signerCertificateId: gost256.certificateId,
    });
  });

  it('takes a GOST 512 client-signed declaration to accepted after a reissue to a 512-bit key', async () => {
    await sberbankBound();
    const gost512 = await gostSigner('512', 'Главный бухгалтер (ГОСТ 512)');
    await bindRegistered(subscriberId, gost512.pem, 'reissue');
    const declaration = buildUsnDeclaration(sberbank);
    const response = await submitSigned(
      declaration.bytes,
      declaration.fileName,
      await gost512.sign(declaration.bytes),
    );
    expect(response.status).toBe(202);
    const accepted = await client.waitForFiling(
      ((await response.json()) as FilingBody).filingId,
      'accepted',
      90_000,
    );
    expect({ status: accepted.status, timeline: accepted.timeline }).toMatchObject({ status: 'accepted' });
    const signature = await client.download(doc(accepted, 'declaration-signature').href);
    expect(await opensslVerifyDetached(declaration.bytes, signature, testCas)).toMatchObject({ ok: true });
    expect(await opensslSignerAlgorithms(signature)).toEqual({
      digest: '1.2.643.7.1.1.2.3',
      signature: expect.stringMatching(/^1\.2\.643\.7\.1\.1\.(3\.3|1\.2)$/),
    });
  });

  it('refuses a GOST signature over other content with 0100100004, and signs nothing in its place', async () => {
    await sberbankBound();
    const own = buildUsnDeclaration(sberbank);
    const other = buildUsnDeclaration(sberbank);
    // The superseded 256-bit certificate is still usable to its end (more than five days were left).
    const response = await submitSigned(other.bytes, other.fileName, await gost256.sign(own.bytes));
    expect(response.status).toBe(202);
    const refused = await client.waitForFiling(
      ((await response.json()) as FilingBody).filingId,
      'refused',
      90_000,
    );
    expect(refused.timeline.map((e) => e.status)).toEqual(['submitted', 'refused']);
    expect(refused.timeline[1].detail).toMatchObject({ code: '0100100004' });
    expect(refused.documents.map((d) => d.kind)).not.toContain('declaration-signature');
  });

  it('refuses a declaration signed with a GOST certificate that is not the subscriber’s (0100100000)', async () => {
    await sberbankBound();
    // Same taxpayer, same CA, but never bound to the subscriber.
    const stranger = await gostSigner('256', 'Не привязанный сертификат');
    const declaration = buildUsnDeclaration(sberbank);
    const response = await submitSigned(
      declaration.bytes,
      declaration.fileName,
      await stranger.sign(declaration.bytes),
    );
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { code: string; detail: string; filingId: string };
    expect(problem.code).toBe('0100100000');
    expect(problem.detail).toContain(stranger.certificateId);
    expect((await client.filing(problem.filingId)).status).toBe('refused');
  });

  it('refuses an unsigned declaration when the subscriber has no key on the HSM (TKS-SIGNATURE-REQUIRED)', async () => {
    await sberbankBound();
    const declaration = buildUsnDeclaration(sberbank);
    const response = await fetch(`${gatewayUrl}/api/v1/filings?subscriberId=${subscriberId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorKey}`, 'content-type': 'application/xml' },
      body: declaration.bytes,
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { code: string }).code).toBe('TKS-SIGNATURE-REQUIRED');
  });

  describe('a cloud signature with the subscriber’s key on the operator’s HSM', () => {
    const romashka = { inn: '7728168971', kpp: '773601001', taxOfficeCode: '7736' };
    let cloudSubscriber: string;
    let cloudCertificatePem: string;
    let clientKey: string;

    /** ООО Ромашка with its key on the token and its certificate registered, and its own client key. */
    const cloudKey = sharedStep(async () => {
      cloudSubscriber = await register({ name: 'ООО Ромашка', inn: romashka.inn, kpp: romashka.kpp });
      const requested = await call('POST', `/api/v1/subscribers/${cloudSubscriber}/keys`, operatorKey);
      const generated = await poll(
        async () =>
          (
            await call(
              'GET',
              `/api/v1/subscribers/${cloudSubscriber}/keys/${requested.body.requestId}`,
              operatorKey,
            )
          ).body,
        (body) => body.status !== 'pending',
        60_000,
      );
      if (generated.status !== 'generated') return { requested, generated };
      cloudKeyLabel = generated.keyLabel as string;
      const dir = await mkdtemp(join(tmpdir(), 'tks-e2e-cloud-'));
      await writeFile(join(dir, 'request.pem'), generated.certificateRequest as string);
      // The CA certifies the key of the request with the subscriber's identity attributes.
      await issueCertificate([
        '--cn',
        'ООО Ромашка (облачная подпись)',
        '--org',
        'ООО Ромашка',
        '--innle',
        romashka.inn,
        '--ogrn',
        '1027739850962',
        '--csr',
        join(dir, 'request.pem'),
        '--out',
        dir,
      ]);
      cloudCertificatePem = await readFile(join(dir, 'certificate.pem'), 'utf8');
      await bindRegistered(cloudSubscriber, cloudCertificatePem);
      // The subscriber's bookkeeping software: a client key for this subscriber only.
      clientKey = await adminCreateClientKey('romashka-buh', cloudSubscriber);
      return { requested, generated };
    });
    /** Files an unsigned declaration of ООО Ромашка; the gateway answers 202 and keeps it for consent. */
    const fileUnsigned = async () => {
      const declaration = buildUsnDeclaration(romashka);
      const response = await fetch(`${gatewayUrl}/api/v1/filings?subscriberId=${cloudSubscriber}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${operatorKey}`,
          'content-type': 'application/xml',
          'x-file-name': declaration.fileName,
        },
        body: declaration.bytes,
      });
      expect(response.status).toBe(202);
      return (await response.json()) as FilingBody;
    };

    it('generates the key on the token, has its certificate issued and registered', async () => {
      const { requested, generated } = await cloudKey();
      expect(requested.status).toBe(202);
      expect(generated.status).toBe('generated');
      const registered = (await certificates.list(cloudSubscriber)).find(
        (c) => c.certificateId === certificateIdOfPem(cloudCertificatePem),
      );
      expect(registered).toMatchObject({ status: 'valid', taxAuthority: { status: 'registered' } });
      expect(clientKey).toMatch(/^tks_/);
    });

    it('keeps an unsigned declaration waiting for consent and never signs it without', async () => {
      await cloudKey();
      const waiting = await fileUnsigned();
      expect(waiting.signing).toMatchObject({ mode: 'cloud', state: 'awaiting-consent', consent: null });
      // Time for the signer to act if anything had told it to: nothing did.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const still = await client.filing(waiting.filingId);
      expect(still).toMatchObject({ status: 'submitted', progress: 'submitted' });
      expect(still.documents.map((d) => d.kind)).toEqual(['declaration']);
      // The operator holds the key: it cannot also consent for the taxpayer.
      const byOperator = await call('POST', `/api/v1/filings/${waiting.filingId}/consent`, operatorKey);
      expect(byOperator).toMatchObject({ status: 403, body: { code: 'TKS-CONSENT-FORBIDDEN' } });
    });

    it('signs with the subscriber’s HSM key after its consent: accepted, the signature names its certificate', async () => {
      await cloudKey();
      const waiting = await fileUnsigned();
      const consented = await call('POST', `/api/v1/filings/${waiting.filingId}/consent`, clientKey);
      expect(consented).toMatchObject({
        status: 202,
        body: { signing: { state: 'consented', consent: { givenBy: 'romashka-buh' } } },
      });
      const accepted = await client.waitForFiling(waiting.filingId, 'accepted', 90_000);
      expect({ status: accepted.status, timeline: accepted.timeline }).toMatchObject({ status: 'accepted' });
      const signature = await client.download(doc(accepted, 'declaration-signature').href);
      const declaration = await client.download(doc(accepted, 'declaration').href);
      expect(await opensslVerifyDetached(declaration, signature, testCas)).toMatchObject({ ok: true });
      expect(await embeddedCertificateIds(signature)).toEqual([certificateIdOfPem(cloudCertificatePem)]);
      expect(accepted.timeline.find((e) => e.status === 'signed')?.detail).toMatchObject({
        signedBy: 'cloud',
        signerCertificateId: certificateIdOfPem(cloudCertificatePem),
        signer: expect.stringContaining('ООО Ромашка (облачная подпись)'),
      });
    });
  });

  const call = async (method: string, path: string, key: string) => {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** `api-key-admin create` on the gateway's database, as README's operators do; prints the key once. */
  const adminCreateClientKey = async (name: string, subscriber: string): Promise<string> => {
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        join(ROOT, 'scripts', 'register-paths.js'),
        join(ROOT, 'dist', 'services', 'gateway', 'src', 'access', 'api-key-admin.js'),
        'create',
        '--name',
        name,
        '--role',
        'client',
        '--subscriber',
        subscriber,
      ],
      { env: { ...process.env, DATABASE_URL: databaseUrl } },
    );
    return stdout
      .trim()
      .split(/\s+/)
      .find((word) => word.startsWith('tks_')) as string;
  };
});

interface Signer {
  pem: string;
  certificateId: string;
  sign: (content: Buffer) => Promise<Buffer>;
}

function issueCertificate(args: string[]) {
  return run(join(ROOT, 'infra', 'pki', 'issue-test-certificate.sh'), [...args, '--days', '30'], {
    env: { ...process.env, TKS_PKI_DIR: testEnvironment().pkiDir },
  });
}

/**
 * The taxpayer's own GOST tool: a GOST R 34.10-2012 key and certificate of ПАО Сбербанк from the
 * GOST test CA, and detached CAdES-BES signatures by `openssl cms -sign -engine gost` with the
 * Streebog digest of the key's length.
 */
async function gostSigner(bits: '256' | '512', commonName: string): Promise<Signer> {
  const dir = await mkdtemp(join(tmpdir(), `tks-e2e-gost-${bits}-`));
  await issueCertificate([
    '--cn',
    commonName,
    '--org',
    'ПАО Сбербанк',
    '--innle',
    '7707083893',
    '--ogrn',
    '1027700132195',
    '--gost',
    bits,
    '--out',
    dir,
  ]);
  const pem = await readFile(join(dir, 'certificate.pem'), 'utf8');
  let count = 0;
  return {
    pem,
    certificateId: certificateIdOfPem(pem),
    async sign(content) {
      const input = join(dir, `content-${(count += 1)}`);
      await writeFile(input, content);
      await run('openssl', [
        'cms',
        '-sign',
        '-engine',
        'gost',
        '-binary',
        '-cades',
        '-md',
        bits === '256' ? 'md_gost12_256' : 'md_gost12_512',
        '-outform',
        'DER',
        '-signer',
        join(dir, 'certificate.pem'),
        '-inkey',
        join(dir, 'key.pem'),
        '-in',
        input,
        '-out',
        `${input}.p7s`,
      ]);
      return readFile(`${input}.p7s`);
    },
  };
}

function multipart(subscriberId: string, declaration: Buffer, fileName: string, signature: Buffer): FormData {
  const form = new FormData();
  form.set('subscriberId', subscriberId);
  form.set('declaration', new Blob([declaration], { type: 'application/xml' }), fileName);
  form.set('signature', new Blob([signature], { type: 'application/pkcs7-signature' }), `${fileName}.sig`);
  return form;
}

/** Ids (SHA-256 of the DER) of the certificates a CMS signature embeds, as OpenSSL prints them. */
async function embeddedCertificateIds(signature: Buffer): Promise<string[]> {
  const file = join(await mkdtemp(join(tmpdir(), 'tks-e2e-sig-')), 'signature.p7s');
  await writeFile(file, signature);
  const { stdout } = await run('openssl', ['pkcs7', '-inform', 'DER', '-in', file, '-print_certs']);
  return [...stdout.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) =>
    certificateIdOfPem(m[0]),
  );
}

async function deleteTokenKeyPair(label: string): Promise<void> {
  const env = testEnvironment();
  const pin = (await readFile(env.pinFile, 'utf8')).trim();
  for (const type of ['privkey', 'pubkey']) {
    await run('pkcs11-tool', [
      '--module',
      env.pkcs11Library,
      '--token-label',
      env.tokenLabel,
      '--pin',
      pin,
      '--login',
      '--delete-object',
      '--type',
      type,
      '--label',
      label,
    ]).catch(() => undefined);
  }
}

function doc(filing: FilingBody, kind: string) {
  const found = filing.documents.find((d) => d.kind === kind);
  if (!found) throw new Error(`filing has no ${kind}: ${JSON.stringify(filing.documents)}`);
  return found;
}
