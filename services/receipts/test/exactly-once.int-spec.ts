import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FilingSigned, SubscriberState } from '@tks/contracts';
import { sealContainer } from '@tks/container';
import { DocumentStore } from '@tks/storage';
import {
  databaseUrlFor,
  dropDatabase,
  opensslClientSigner,
  OpensslClientSigner,
  RunningService,
  startService,
  stopService,
  taxOfficeKeyFiles,
  testEnvironment,
  uniqueName,
  waitForLog,
  waitUntil,
  withDeadline,
} from '@tks/testing';
import { buildUsnDeclaration } from '../../../libs/xml/src/fixtures';

/**
 * Exactly one receipt of each kind per filing, enforced by the database: the compiled receipts
 * service (dist/, `npm run build` first) is killed between signing a receipt and recording it
 * (the RECEIPTS_FAULT_INJECTION point: the operator's sending-date confirmation, or an answer the
 * tax office signed before it recorded and sent it back in its container), restarted, fed
 * redelivered and duplicated events, and run as two instances at once, on the real broker,
 * database and SoftHSM token. The filing reaches the tax office only as its container over the
 * channel, and each answer comes back as a container of its own.
 */
describe('receipts are issued exactly once', () => {
  const env = testEnvironment();
  const database = uniqueName('tks_receipts_once');
  const namespace = uniqueName('once');
  const topic = `${namespace}.tks.filing.signed.v1`;
  const running: RunningService[] = [];
  let serviceEnv: Record<string, string>;
  let store: DocumentStore;
  let db: Client;
  let producer: Producer;
  /** The taxpayer signs its declarations; the tax office's register knows its certificate. */
  let taxpayer: OpensslClientSigner;
  const subscriberId = '2TK-0123456789abcdef0123456789abcdef';

  beforeAll(async () => {
    const storeDir = await mkdtemp(join(tmpdir(), 'tks-once-documents-'));
    serviceEnv = {
      DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      DOCUMENT_STORE_DIR: storeDir,
      TAX_OFFICE_STORE_DIR: await mkdtemp(join(tmpdir(), 'tks-once-tax-office-')),
      TKS_NAMESPACE: namespace,
      RECEIPTS_FAULT_INJECTION: '',
    };
    store = new DocumentStore(storeDir);
    await store.init();
    taxpayer = await opensslClientSigner(env.pkiDir, 'Taxpayer of the exactly-once test');
    const kafka = new Kafka({ clientId: namespace, brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    // stopService returns at once for the ones the fault killed.
    await Promise.all(running.map((s) => stopService(s)));
    await producer?.disconnect();
    await db?.end();
    await dropDatabase(env.databaseUrl, database);
  }, 120_000);

  /** A filing as the signer reports it: the declaration and its taxpayer's signature in the store. */
  async function signedFiling(signer: OpensslClientSigner = taxpayer): Promise<FilingSigned> {
    const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
    const signingTime = new Date();
    const signature = await signer.sign(declaration.bytes);
    const [doc, sig] = [await store.put(declaration.bytes), await store.put(signature)];
    // The tax office sees only the container, sealed and encrypted for it as the signer does.
    const docflowId = randomUUID().replace(/-/g, '');
    const sealed = await sealContainer({
      senderId: subscriberId,
      recipientId: '7736',
      operatorId: '2TK',
      docflowId,
      docflowCode: '01',
      transactionCode: '01',
      programVersion: 'tks test',
      documents: [
        {
          typeCode: '01',
          fileName: declaration.fileName,
          content: declaration.bytes,
          signatures: [{ data: signature, role: 'абонент' }],
        },
      ],
      encryptFor: readFileSync(taxOfficeKeyFiles().certificate, 'utf8'),
    });
    const container = await store.put(sealed.archive);
    return {
      filingId: randomUUID(),
      docflowId,
      container: { ...container, mediaType: 'application/zip', fileName: sealed.fileName },
      subscriberId,
      fileId: declaration.fileId,
      taxOfficeCode: '7736',
      submittedAt: new Date(signingTime.getTime() - 1000).toISOString(),
      declaration: { ...doc, mediaType: 'application/xml', fileName: declaration.fileName },
      signature: {
        ...sig,
        mediaType: 'application/pkcs7-signature',
        fileName: `${declaration.fileName}.sig`,
      },
      signatureInfo: {
        algorithm: 'GOST R 34.10-2012 256 with Streebog-256',
        signerSubject: 'CN=Taxpayer of the exactly-once test',
        signerSerialNumber: '01',
        signingTime: signingTime.toISOString(),
      },
    };
  }

  /** Publishes filing.signed; `key` other than the filing id spreads copies over partitions. */
  async function publish(
    filing: FilingSigned,
    eventId = randomUUID(),
    key = filing.filingId,
  ): Promise<string> {
    const envelope = {
      id: eventId,
      type: 'filing.signed',
      version: 1,
      occurredAt: new Date().toISOString(),
      key,
      payload: filing,
    };
    await producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify(envelope) }] });
    return eventId;
  }

  /**
   * The tax authority's register, as the registry publishes it: the subscriber with its
   * certificate registered. The tax office refuses a declaration signed by anyone else.
   */
  async function registerTaxpayer(): Promise<void> {
    const now = new Date();
    const der = Buffer.from(taxpayer.pem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
    const state: SubscriberState = {
      subscriberId,
      registrationId: randomUUID(),
      kind: 'company',
      name: 'ПАО Сбербанк',
      inn: '7707083893',
      kpp: '773601001',
      ogrn: '1027700132195',
      taxOfficeCodes: ['7736'],
      status: 'active',
      registeredAt: now.toISOString(),
      certificates: [
        {
          certificateId: taxpayer.certificateId,
          serialNumber: '01',
          subject: 'CN=Taxpayer of the exactly-once test',
          issuer: 'CN=TKS Test CA GOST',
          notBefore: new Date(now.getTime() - 3600_000).toISOString(),
          notAfter: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
          publicKeyAlgorithm: '1.2.643.7.1.1.1.1',
          identity: { innLe: '7707083893', ogrn: '1027700132195' },
          lifecycle: 'current',
          status: 'valid',
          checkedAt: now.toISOString(),
          taxAuthority: { status: 'registered', decidedAt: now.toISOString() },
          expiryWarnings: [],
          boundAt: now.toISOString(),
          der: der.toString('base64'),
        },
      ],
    };
    const envelope = {
      id: randomUUID(),
      type: 'subscriber.state',
      version: 1,
      occurredAt: now.toISOString(),
      key: subscriberId,
      payload: state,
    };
    await producer.send({
      topic: `${namespace}.tks.subscriber.state.v1`,
      acks: -1,
      messages: [{ key: subscriberId, value: JSON.stringify(envelope) }],
    });
    await waitUntil('the tax office to register the taxpayer’s certificate', async () => {
      const { rows } = await db.query(
        'SELECT 1 FROM tax_office.registered_signers WHERE subscriber_id = $1',
        [subscriberId],
      );
      return rows.length === 1;
    });
  }

  function launch(fault = ''): RunningService {
    const service = startService('receipts', { ...serviceEnv, RECEIPTS_FAULT_INJECTION: fault });
    running.push(service);
    return service;
  }

  async function start(): Promise<RunningService> {
    const service = launch();
    await waitForLog(service, 'service started', 90_000);
    db ??= await connect();
    return service;
  }

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: serviceEnv.DATABASE_URL });
    await client.connect();
    return client;
  }

  async function receiptsOf(filingIds: string[]): Promise<Array<{ filing_id: string; kind: string }>> {
    const { rows } = await db.query<{ filing_id: string; kind: string }>(
      'SELECT filing_id, kind FROM receipts.receipts WHERE filing_id = ANY($1::uuid[]) ORDER BY filing_id, kind',
      [filingIds],
    );
    return rows;
  }

  /** Exit is listened for from the spawn on (RunningService.exited), so it cannot be missed. */
  async function killedByFault(service: RunningService): Promise<void> {
    const { code, signal } = await withDeadline(
      'the receipts instance to be killed by its injected fault',
      service.exited,
      120_000,
    );
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    expect(service.output()).toContain('fault injection: crashing');
  }

  it('survives being killed after signing each receipt, and a redelivery, with one receipt of each kind', async () => {
    const filing = await signedFiling();
    const eventId = randomUUID();

    // Nothing to consume yet, so this instance lives to log its start; it dies on the event.
    const first = launch('crash-after-signing:sending-date-confirmation');
    await waitForLog(first, 'service started', 90_000);
    db ??= await connect();
    await registerTaxpayer();
    await publish(filing, eventId);
    await killedByFault(first);
    expect(await receiptsOf([filing.filingId])).toEqual([]);

    // The redelivered event can reach this one, and kill it, before it logs its start. The operator's
    // hop (the confirmation, and the container forwarded) commits on its own; the tax office dies
    // after signing its receipt of acceptance, before recording it or sending it back.
    await killedByFault(launch('crash-after-signing:acceptance-receipt'));
    expect(await receiptsOf([filing.filingId])).toEqual([
      { filing_id: filing.filingId, kind: 'sending-date-confirmation' },
    ]);
    const answers = await db.query('SELECT kind FROM tax_office.answers WHERE docflow_id = $1', [
      filing.docflowId,
    ]);
    expect(answers.rows).toEqual([]);

    const third = await start();
    await waitUntil(
      'the three documents of the filing after two crashes',
      async () => (await receiptsOf([filing.filingId])).length === 3,
    );
    // The same event again, and another event about the same filing: nothing more is issued.
    await publish(filing, eventId);
    const another = await publish(filing);
    await waitForInbox([eventId, another]);
    expect(await receiptsOf([filing.filingId])).toEqual([
      { filing_id: filing.filingId, kind: 'acceptance-receipt' },
      { filing_id: filing.filingId, kind: 'input-notice' },
      { filing_id: filing.filingId, kind: 'sending-date-confirmation' },
    ]);
    const outbox = await db.query(
      `SELECT envelope->'payload'->>'kind' AS kind FROM receipts.outbox
       WHERE envelope->'payload'->>'filingId' = $1 ORDER BY 1`,
      [filing.filingId],
    );
    expect(outbox.rows.map((r: { kind: string }) => r.kind)).toEqual([
      'acceptance-receipt',
      'input-notice',
      'sending-date-confirmation',
    ]);
    // The tax office recorded each answer once, and the operator forwarded the container once.
    const recorded = await db.query('SELECT kind FROM tax_office.answers WHERE docflow_id = $1 ORDER BY 1', [
      filing.docflowId,
    ]);
    expect(recorded.rows.map((r: { kind: string }) => r.kind)).toEqual([
      'acceptance-receipt',
      'input-notice',
    ]);
    const forwarded = await db.query(
      `SELECT count(*)::int AS n FROM receipts.outbox WHERE topic LIKE '%container-to-tax-office%' AND key = $1`,
      [filing.docflowId],
    );
    expect(forwarded.rows[0].n).toBe(1);
    await stopService(third);
  }, 300_000);

  it('issues one receipt of each kind when two instances consume duplicated events at once', async () => {
    const instances = await Promise.all([start(), start()]);
    // Stopped after: a test's instances left in the group would take the events another test's
    // fault-injected instance waits to die on.
    try {
      await twoInstancesOnDuplicates();
    } finally {
      await Promise.all(instances.map((s) => stopService(s)));
    }
  }, 300_000);

  async function twoInstancesOnDuplicates(): Promise<void> {
    await registerTaxpayer();
    const filings = await Promise.all(Array.from({ length: 6 }, () => signedFiling()));
    // Three copies of each event, with different ids and keys, land on different partitions and
    // so reach both instances: only the unique indexes stand between them and a double receipt.
    const eventIds: string[] = [];
    for (let copy = 0; copy < 3; copy++) {
      eventIds.push(
        ...(await Promise.all(filings.map((f) => publish(f, randomUUID(), `${f.filingId}-${copy}`)))),
      );
    }
    const ids = filings.map((f) => f.filingId);
    await waitUntil(
      `three documents for each of ${ids.length} filings`,
      async () => (await receiptsOf(ids)).length === ids.length * 3,
    );
    await waitForInbox(eventIds);
    const rows = await receiptsOf(ids);
    expect(rows).toHaveLength(ids.length * 3);
    for (const id of ids) {
      expect(rows.filter((r) => r.filing_id === id).map((r) => r.kind)).toEqual([
        'acceptance-receipt',
        'input-notice',
        'sending-date-confirmation',
      ]);
    }
  }

  it('has the tax office refuse (0100100000) a valid signature by a certificate not registered for the taxpayer', async () => {
    const instance = await start();
    try {
      await strangerRefused();
    } finally {
      await stopService(instance);
    }
  }, 300_000);

  async function strangerRefused(): Promise<void> {
    await registerTaxpayer();
    // Same company, same CA, a valid GOST signature: but not the certificate the taxpayer registered.
    const stranger = await opensslClientSigner(env.pkiDir, 'Not the registered signer');
    const filing = await signedFiling(stranger);
    await publish(filing);
    await waitUntil('the refusal notice of the filing signed by a stranger', async () =>
      (await receiptsOf([filing.filingId])).some((r) => r.kind === 'refusal-notice'),
    );
    expect((await receiptsOf([filing.filingId])).map((r) => r.kind)).toEqual([
      'refusal-notice',
      'sending-date-confirmation',
    ]);
    const { rows } = await db.query<{
      check_result: { refusals: Array<{ code: string }>; signature: { detail: string } };
    }>("SELECT check_result FROM tax_office.answers WHERE docflow_id = $1 AND kind = 'refusal-notice'", [
      filing.docflowId,
    ]);
    expect(rows[0].check_result.refusals.map((r) => r.code)).toEqual(['0100100000']);
    expect(rows[0].check_result.signature.detail).toContain('not registered with the tax authority');
  }

  /** Waits until the service applied (or skipped as a duplicate) each of these events. */
  async function waitForInbox(eventIds: string[]): Promise<void> {
    await waitUntil(`${eventIds.length} events in the receipts inbox`, async () => {
      const { rows } = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM receipts.inbox WHERE event_id = ANY($1::uuid[])',
        [eventIds],
      );
      return Number(rows[0].n) === eventIds.length;
    });
  }
});
