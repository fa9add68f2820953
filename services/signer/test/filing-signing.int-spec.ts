import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CertificateState,
  EventEnvelope,
  FilingSignatureRejected,
  FilingSigned,
  FilingSubmitted,
  Topics,
} from '@tks/contracts';
import { openContainer } from '@tks/container';
import { openPkcs11Provider, Pkcs11SigningProvider, signDetached } from '@tks/crypto';
import { InboxEntry, OutboxMessage } from '@tks/messaging';
import { prepareDatabase, serviceDataSourceOptions } from '@tks/persistence';
import { DocumentStore } from '@tks/storage';
import {
  databaseUrlFor,
  dropDatabase,
  taxOfficeKeyFiles,
  taxOfficeRecipientKey,
  testEnvironment,
  uniqueName,
} from '@tks/testing';
import { createTestCa, issueCertificate, TestIdentity } from '../../../libs/crypto/src/testing/test-pki';
import { Initial1732540000000 } from '../src/migrations/1732540000000-initial';
import { TransportContainer1732541000004 } from '../src/migrations/1732541000004-transport-container';
import { TokenKeys1732541000002 } from '../src/migrations/1732541000002-token-keys';
import { TaxpayerSignature1732541000010 } from '../src/migrations/1732541000010-taxpayer-signature';
import { TokenKey } from '../src/keys/token-key.entity';
import { CloudSigner } from '../src/signing/cloud-signer';
import { SubscriberCertificate } from '../src/subscriber-certificates/subscriber-certificate.entity';
import { SubscriberCertificatesRepository } from '../src/subscriber-certificates/subscriber-certificates.repository';
import { TokenKeysRepository } from '../src/keys/token-keys.repository';
import { SignaturesRepository } from '../src/signing/signatures.repository';
import { SubscriberCertificatesService } from '../src/subscriber-certificates/subscriber-certificates.service';
import { ContainerSealer } from '../src/sealing/container-sealer';
import { FilingSigningService } from '../src/signing/filing-signing.service';
import { SignatureRejection } from '../src/signing/signature-rejection.entity';
import { Signature } from '../src/signing/signature.entity';
import { ClientSignatureVerifier } from '../src/verification/client-signature-verifier';

/**
 * The signer's use case on the real PostgreSQL, document store and SoftHSM token: the taxpayer signs
 * every declaration (issue 10). One with a valid client signature is sealed with it; one with a
 * failing client signature is stored as rejected, with the reason; one without a signature is signed
 * with the subscriber's own key on the token only under its consent, with its registered
 * certificate, and refused otherwise. The operator's key never signs a declaration.
 */
describe('signing a submitted filing', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_int_signer');
  const url = databaseUrlFor(env.databaseUrl, database);
  let dataSource: DataSource;
  let storeDir: string;
  let store: DocumentStore;
  let token: Pkcs11SigningProvider;
  let service: FilingSigningService;
  let ca: TestIdentity;
  let client: TestIdentity;
  let expiredClient: TestIdentity;
  const now = Date.now();

  beforeAll(async () => {
    await prepareDatabase(url, 'signer');
    dataSource = new DataSource(
      serviceDataSourceOptions({
        url,
        schema: 'signer',
        entities: [Signature, SignatureRejection, OutboxMessage, InboxEntry, TokenKey, SubscriberCertificate],
        migrations: [
          Initial1732540000000,
          TokenKeys1732541000002,
          TransportContainer1732541000004,
          TaxpayerSignature1732541000010,
        ],
        poolSize: 2,
      }),
    );
    await dataSource.initialize();
    storeDir = await mkdtemp(join(tmpdir(), 'tks-signer-store-'));
    store = new DocumentStore(storeDir);
    await store.init();
    const pin = (await readFile(env.pinFile, 'utf8')).replace(/\r?\n$/, '');
    // Read-write: the cloud test generates a subscriber's key pair on the token, as the signer does.
    token = await openPkcs11Provider({
      library: env.pkcs11Library,
      tokenLabel: env.tokenLabel,
      pin,
      readWrite: true,
    });
    ca = await createTestCa('CN=Client CA, O=Accredited, C=RU');
    client = await issueCertificate(ca, {
      subject: 'CN=Иванов Иван, O=ПАО Сбербанк, C=RU',
      serialNumber: randomBytes(4).toString('hex'),
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 86_400_000),
    });
    expiredClient = await issueCertificate(ca, {
      subject: 'CN=Old Key, O=ПАО Сбербанк, C=RU',
      serialNumber: randomBytes(4).toString('hex'),
      notBefore: new Date(now - 400 * 86_400_000),
      notAfter: new Date(now - 30 * 86_400_000),
    });
    service = new FilingSigningService(
      store,
      new ContainerSealer(store, '2TK', await readFile(taxOfficeKeyFiles().certificate, 'utf8')),
      new ClientSignatureVerifier([ca.der]),
      new CloudSigner(token),
      new SubscriberCertificatesService(new SubscriberCertificatesRepository()),
      new SignaturesRepository(),
      new TokenKeysRepository(),
    );
  });

  const cloudKeyLabel = `subscriber-key-${randomUUID()}`;
  afterAll(async () => {
    await token?.deleteKeyPair(cloudKeyLabel).catch(() => undefined);
    await token?.close();
    await dataSource?.destroy();
    if (storeDir) await rm(storeDir, { recursive: true, force: true });
    await dropDatabase(env.databaseUrl, database);
  });

  async function submitted(clientSigner?: TestIdentity, alter = false): Promise<FilingSubmitted> {
    const content = Buffer.from(
      `<?xml version="1.0" encoding="windows-1251"?><Файл ${randomBytes(8).toString('hex')}/>`,
      'latin1',
    );
    const declaration = await store.put(content);
    const fileName = `NO_USN_7736_7736_7707083893773601001_20250314_${randomUUID()}.xml`;
    let clientSignature: FilingSubmitted['clientSignature'];
    if (clientSigner) {
      const signed = alter ? Buffer.concat([content, Buffer.from(' ')]) : content;
      const signature = await signDetached({
        content: signed,
        certificate: clientSigner.der,
        privateKey: clientSigner.keys.privateKey,
        engine: token.engine,
        signingTime: new Date(),
      });
      const stored = await store.put(signature);
      clientSignature = { ...stored, mediaType: 'application/pkcs7-signature', fileName: `${fileName}.sig` };
    }
    return {
      filingId: randomUUID(),
      docflowId: randomBytes(16).toString('hex'),
      subscriberId: `2TK-${randomBytes(16).toString('hex')}`,
      fileId: fileName.replace(/\.xml$/, ''),
      formCode: '1152017',
      taxOfficeCode: '7736',
      submittedAt: new Date().toISOString(),
      declaration: { ...declaration, mediaType: 'application/xml', fileName },
      clientSignature,
    };
  }

  const sign = (filing: FilingSubmitted) =>
    dataSource.transaction((manager) => service.sign(filing, manager));
  const events = async <P>(filingId: string, topic: string) =>
    (await dataSource.getRepository(OutboxMessage).findBy({ key: filingId, topic })).map(
      (message) => message.envelope as EventEnvelope<P>,
    );

  it('refuses a filing without a signature and without consent (0100100000): nothing is signed', async () => {
    const filing = await submitted();
    await sign(filing);
    await sign(filing); // a redelivery changes nothing
    expect(await events(filing.filingId, Topics.filingSigned.name)).toHaveLength(0);
    expect(await dataSource.getRepository(Signature).countBy({ filingId: filing.filingId })).toBe(0);
    const [rejected, ...more] = await events<FilingSignatureRejected>(
      filing.filingId,
      Topics.filingSignatureRejected.name,
    );
    expect(more).toHaveLength(0);
    expect(rejected.payload).toMatchObject({
      fnsCode: '0100100000',
      refusal: { code: 'TKS-SIGNATURE-REQUIRED' },
    });
    expect(rejected.payload.clientSignature).toBeUndefined();
  });

  it('refuses a consented cloud signature when the subscriber has no key on the token', async () => {
    const filing = { ...(await submitted()), cloudSignatureConsent: consent };
    await sign(filing);
    const [rejected] = await events<FilingSignatureRejected>(
      filing.filingId,
      Topics.filingSignatureRejected.name,
    );
    expect(rejected.payload).toMatchObject({
      fnsCode: '0100100000',
      refusal: { code: 'TKS-CLOUD-KEY-UNAVAILABLE' },
    });
    expect(await events(filing.filingId, Topics.filingSigned.name)).toHaveLength(0);
  });

  it('signs with the subscriber’s key on the token and its registered certificate after its consent', async () => {
    const filing = { ...(await submitted()), cloudSignatureConsent: consent };
    const generated = await token.generateKeyPair(cloudKeyLabel, { subject: 'CN=ПАО Сбербанк' });
    const certificate = await x509.X509CertificateGenerator.create(
      {
        serialNumber: randomBytes(4).toString('hex'),
        subject: 'CN=ПАО Сбербанк (облачная подпись), O=ПАО Сбербанк, C=RU',
        issuer: ca.certificate.subject,
        notBefore: new Date(now - 86_400_000),
        notAfter: new Date(now + 86_400_000),
        publicKey: new x509.Pkcs10CertificateRequest(generated.csrPem).publicKey,
        signingKey: ca.keys.privateKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      },
      webcrypto,
    );
    const der = Buffer.from(certificate.rawData);
    const certificateId = createHash('sha256').update(der).digest('hex');
    await dataSource.getRepository(TokenKey).insert({
      requestId: randomUUID(),
      subscriberId: filing.subscriberId,
      keyLabel: cloudKeyLabel,
      keyId: generated.keyId,
      csrPem: generated.csrPem,
      generatedAt: new Date(),
    });
    await dataSource.getRepository(SubscriberCertificate).insert({
      subscriberId: filing.subscriberId,
      certificateId,
      state: registered(certificateId, der, certificate),
      updatedAt: new Date(),
    });

    await sign(filing);
    const [event] = await events<FilingSigned>(filing.filingId, Topics.filingSigned.name);
    expect(event.payload).toMatchObject({
      signedBy: 'cloud',
      signerCertificateId: certificateId,
      signatureInfo: { signerSubject: 'CN=ПАО Сбербанк (облачная подпись), O=ПАО Сбербанк, C=RU' },
    });
    const opened = await openContainer(await store.get(event.payload.container?.sha256 ?? ''), {
      trustedCertificates: [ca.der],
      recipientKey: await taxOfficeRecipientKey(),
    });
    expect(opened.valid).toBe(true);
    expect(opened.documents[0].signatures[0].role).toBe('абонент');
    expect(await dataSource.getRepository(Signature).findOneBy({ filingId: filing.filingId })).toMatchObject({
      signedBy: 'cloud',
      keyLabel: cloudKeyLabel,
      signerCertificateId: certificateId,
      consent,
    });
  });

  it('verifies a valid client signature instead of signing, and seals the client signature', async () => {
    const filing = await submitted(client);
    await sign(filing);
    const [event] = await events<FilingSigned>(filing.filingId, Topics.filingSigned.name);
    expect(event.payload.signature.sha256).toBe(filing.clientSignature?.sha256);
    expect(event.payload.clientSignatureVerification).toMatchObject({
      valid: true,
      code: 0,
      reason: 'VALID',
      signerSubject: 'CN=Иванов Иван, O=ПАО Сбербанк, C=RU',
    });
    const opened = await openContainer(await store.get(event.payload.container?.sha256 ?? ''), {
      trustedCertificates: [ca.der],
      recipientKey: await taxOfficeRecipientKey(),
    });
    expect(opened.valid).toBe(true);
    expect(opened.documents[0].signatures[0].role).toBe('абонент');
    expect(await dataSource.getRepository(Signature).findOneBy({ filingId: filing.filingId })).toMatchObject({
      signedBy: 'client',
      keyLabel: null,
      clientVerification: { valid: true, reason: 'VALID' },
    });
  });

  it.each([
    ['over other content', false, true, '0100100004', 'CONTENT_DIGEST_MISMATCH'],
    ['with an expired certificate', true, false, '0100100000', 'CERT_EXPIRED'],
  ])(
    'rejects a client signature made %s, stores why, and never signs it',
    async (_, expired, alter, fnsCode, reason) => {
      const filing = await submitted(expired ? expiredClient : client, alter);
      await sign(filing);
      await sign(filing);
      expect(await events(filing.filingId, Topics.filingSigned.name)).toHaveLength(0);
      expect(await dataSource.getRepository(Signature).countBy({ filingId: filing.filingId })).toBe(0);
      const rejected = await events<FilingSignatureRejected>(
        filing.filingId,
        Topics.filingSignatureRejected.name,
      );
      expect(rejected).toHaveLength(1);
      expect(rejected[0].payload).toMatchObject({ fnsCode, verification: { valid: false, reason } });
      expect(
        await dataSource.getRepository(SignatureRejection).findOneBy({ filingId: filing.filingId }),
      ).toMatchObject({
        fnsCode,
        verification: { reason },
      });
    },
  );

  it('rejects a client certificate that does not chain to the configured trust anchors (reason 10)', async () => {
    const otherCa = await createTestCa('CN=Unknown CA, C=RU');
    const stranger = await issueCertificate(otherCa, {
      subject: 'CN=Stranger, C=RU',
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 86_400_000),
    });
    const filing = await submitted(stranger);
    await sign(filing);
    const [rejected] = await events<FilingSignatureRejected>(
      filing.filingId,
      Topics.filingSignatureRejected.name,
    );
    expect(rejected.payload.verification).toMatchObject({ code: 10, reason: 'CERT_UNTRUSTED' });
  });
});

const consent = { givenBy: 'buh-1', givenAt: '2026-01-20T10:00:00.000Z' };

/** A certificate as the registry publishes it once bound, valid and registered with the tax authority. */
function registered(certificateId: string, der: Buffer, certificate: x509.X509Certificate): CertificateState {
  return {
    certificateId,
    serialNumber: certificate.serialNumber,
    subject: certificate.subject,
    issuer: certificate.issuer,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    publicKeyAlgorithm: '1.2.840.10045.2.1',
    identity: { innLe: '7707083893' },
    lifecycle: 'current',
    status: 'valid',
    checkedAt: new Date().toISOString(),
    taxAuthority: { status: 'registered' },
    expiryWarnings: [],
    boundAt: new Date().toISOString(),
    der: der.toString('base64'),
  };
}
