import {
  buildNdfl3Declaration,
  buildNdfl6Declaration,
  buildUsnDeclaration,
  type BuiltDeclaration,
} from '../../../libs/xml/src/fixtures';
import iconv from 'iconv-lite';
import { randomBytes, randomUUID } from 'node:crypto';
import type { CertificateState } from '@tks/contracts';
import {
  GatewayUnderTest,
  startGatewayUnderTest,
  SUBSCRIBER_A,
  SUBSCRIBER_B,
  SUBSCRIBER_PERSON,
} from './support/gateway-under-test';
import { certificateState, opensslSigningCertificate } from './support/test-certificates';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const company = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' };

/**
 * Intake through the HTTP API of the compiled gateway on the real broker and database: both
 * upload forms, the schema step, refused filings, API keys and what each client may see, the
 * list and the events feed.
 */
describe('gateway intake, access, list and events feed', () => {
  let gw: GatewayUnderTest;

  beforeAll(async () => {
    gw = await startGatewayUnderTest();
    // Issue 10: these subscribers' keys are also on the operator's HSM, so a declaration sent without
    // a signature (the raw XML upload) is taken in and waits for the subscriber's consent.
    for (const subscriberId of [SUBSCRIBER_A, SUBSCRIBER_B, SUBSCRIBER_PERSON])
      await gw.putCloudKey(subscriberId);
  });

  afterAll(async () => {
    expect(await gw?.stop()).toBe(0);
  });

  const call = async (path: string, init: RequestInit & { key?: string } = {}): Promise<Answer> => {
    const headers = new Headers(init.headers);
    if (init.key) headers.set('authorization', `Bearer ${init.key}`);
    const response = await fetch(`${gw.baseUrl}${path}`, { ...init, headers });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const submitRaw = (d: BuiltDeclaration | Buffer, subscriberId: string, key: string, fileName?: string) =>
    call(`/api/v1/filings?subscriberId=${subscriberId}`, {
      method: 'POST',
      key,
      headers: {
        'content-type': 'application/xml',
        ...(fileName ? { 'x-file-name': encodeURIComponent(fileName) } : {}),
      },
      body: Buffer.isBuffer(d) ? d : d.bytes,
    });
  const submitMultipart = (
    parts: { subscriberId?: string; declaration?: BuiltDeclaration; signature?: Buffer },
    key: string,
  ) => {
    const form = new FormData();
    if (parts.subscriberId) form.set('subscriberId', parts.subscriberId);
    if (parts.declaration) {
      form.set(
        'declaration',
        new Blob([parts.declaration.bytes], { type: 'application/xml' }),
        parts.declaration.fileName,
      );
    }
    if (parts.signature) form.set('signature', new Blob([parts.signature]), 'declaration.sig');
    return call('/api/v1/filings', { method: 'POST', key, body: form });
  };
  const outboxFor = async (filingId: string) =>
    (
      await gw.db.query<{ envelope: { payload: Record<string, unknown> } }>(
        'SELECT envelope FROM gateway.outbox WHERE key = $1',
        [filingId],
      )
    ).rows;

  it('describes the intake, the list and the events feed in the OpenAPI document', async () => {
    const openapi = (await call('/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(openapi.paths['/api/v1/filings']?.post?.requestBody?.content ?? {})).toContain(
      'multipart/form-data',
    );
    expect(openapi.paths['/api/v1/filings']?.get).toBeDefined();
    expect(openapi.paths['/api/v1/events']?.get).toBeDefined();
    expect(Object.keys(openapi.components.securitySchemes)).toEqual(
      expect.arrayContaining(['bearer', 'api-key']),
    );
  });

  it('refuses a request without an API key or with an unknown one (401)', async () => {
    expect(await call('/api/v1/filings')).toMatchObject({
      status: 401,
      body: { code: 'TKS-UNAUTHENTICATED' },
    });
    expect(await call('/api/v1/filings', { key: 'tks_nope' })).toMatchObject({ status: 401 });
    const viaHeader = await call('/api/v1/filings', { headers: { 'x-api-key': gw.keys.clientA } });
    expect(viaHeader.status).toBe(200);
  });

  it('takes a multipart upload with the client’s signature, stores both and sends the signature on', async () => {
    const declaration = buildUsnDeclaration(company);
    const signature = await gw.certificates[SUBSCRIBER_A].sign(declaration.bytes);
    const answer = await submitMultipart(
      { subscriberId: SUBSCRIBER_A, declaration, signature },
      gw.keys.clientA,
    );
    expect(answer).toMatchObject({ status: 202, body: { status: 'submitted', fileId: declaration.fileId } });
    const documents = answer.body.documents as Array<{ kind: string; size: number; href: string }>;
    expect(documents.map((d) => d.kind).sort()).toEqual(['client-signature', 'declaration']);
    const [event] = await outboxFor(answer.body.filingId as string);
    expect(event?.envelope.payload).toMatchObject({
      fileId: declaration.fileId,
      clientSignature: { size: signature.length, mediaType: 'application/pkcs7-signature' },
    });
    const download = await fetch(`${gw.baseUrl}${documents.find((d) => d.kind === 'declaration')?.href}`, {
      headers: { authorization: `Bearer ${gw.keys.clientA}` },
    });
    expect(Buffer.from(await download.arrayBuffer()).equals(declaration.bytes)).toBe(true);
  });

  it('checks the multipart part’s filename against ИдФайл, like X-File-Name', async () => {
    const declaration = { ...buildUsnDeclaration(company), fileName: 'report.xml' };
    const answer = await submitMultipart({ subscriberId: SUBSCRIBER_A, declaration }, gw.keys.clientA);
    expect(answer).toMatchObject({ status: 422, body: { code: '0400400007' } });
  });

  describe('the authority step: a usable certificate, and a client signature made with it', () => {
    const DAY_MS = 24 * 3600 * 1000;
    const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
    /** A fresh company subscriber (same taxpayer as `company`) with these certificates in the read model. */
    const subscriberWith = async (...overrides: Array<Partial<CertificateState>>) => {
      const subscriberId = `2TK-${randomUUID().replace(/-/g, '')}`;
      await gw.db.query(
        `INSERT INTO gateway.subscribers (subscriber_id, kind, name, inn, kpp, status, tax_office_codes)
         VALUES ($1, 'company', 'ПАО Сбербанк', '7707083893', '773601001', 'active', '{7736}')`,
        [subscriberId],
      );
      for (const override of overrides) {
        const certificate = { der: randomBytes(64), certificateId: randomBytes(32).toString('hex') };
        await gw.putCertificate(subscriberId, certificateState(certificate, override));
      }
      return subscriberId;
    };
    /** The refusal is recorded (status `refused`, its code) and nothing is sent on. */
    const expectRecordedRefusal = async (answer: Answer, code: string) => {
      const filingId = answer.body.filingId as string;
      expect(filingId).toBeDefined();
      const recorded = await call(`/api/v1/filings/${filingId}`, { key: gw.keys.operator });
      expect(recorded).toMatchObject({ status: 200, body: { status: 'refused', refusal: { code } } });
      expect(await outboxFor(filingId)).toEqual([]);
    };

    it('refuses a filing for a subscriber with no certificate bound (TKS-CERTIFICATE-REQUIRED, 403)', async () => {
      const subscriberId = await subscriberWith();
      const declaration = buildUsnDeclaration(company);
      const answer = await submitRaw(declaration, subscriberId, gw.keys.operator, declaration.fileName);
      expect(answer).toMatchObject({ status: 403, body: { code: 'TKS-CERTIFICATE-REQUIRED' } });
      expect(answer.body.detail).toMatch(/no qualified certificate bound/);
      await expectRecordedRefusal(answer, 'TKS-CERTIFICATE-REQUIRED');
    });

    it.each<[string, Partial<CertificateState>, RegExp]>([
      [
        'not yet registered with the tax authority',
        { taxAuthority: { status: 'pending' } },
        /not yet registered/,
      ],
      [
        'refused by the tax authority',
        { taxAuthority: { status: 'rejected', reason: 'unknown CA' } },
        /registration refused/,
      ],
      ['expired', { notBefore: ago(400), notAfter: ago(1) }, /expired on/],
      ['not yet valid', { notBefore: ago(-2) }, /not valid before/],
      ['revoked', { lifecycle: 'revoked', status: 'revoked' }, /revoked/],
      ['superseded and past its usable end', { lifecycle: 'superseded', usableUntil: ago(1) }, /superseded/],
      ['found revoked by the checkers', { status: 'revoked' }, /checker status revoked/],
    ])('refuses a filing whose subscriber’s only certificate is %s', async (_, override, reason) => {
      const subscriberId = await subscriberWith(override);
      const declaration = buildUsnDeclaration(company);
      const answer = await submitRaw(declaration, subscriberId, gw.keys.operator, declaration.fileName);
      expect(answer).toMatchObject({ status: 403, body: { code: 'TKS-CERTIFICATE-REQUIRED' } });
      expect(answer.body.detail).toMatch(reason);
      await expectRecordedRefusal(answer, 'TKS-CERTIFICATE-REQUIRED');
    });

    it('takes a filing while a superseded certificate is within its usable end, or another one is usable', async () => {
      for (const overrides of [
        [{ lifecycle: 'superseded', usableUntil: ago(-3) }],
        [{ lifecycle: 'revoked' }, {}],
      ] as Array<Array<Partial<CertificateState>>>) {
        const subscriberId = await subscriberWith(...overrides.slice(0, -1));
        // The usable one signs: the client's own signature names it.
        const signer = await opensslSigningCertificate('ПАО Сбербанк');
        await gw.putCertificate(subscriberId, certificateState(signer, overrides[overrides.length - 1]));
        const declaration = buildUsnDeclaration(company);
        const signature = await signer.sign(declaration.bytes);
        const answer = await submitMultipart({ subscriberId, declaration, signature }, gw.keys.operator);
        expect(answer).toMatchObject({
          status: 202,
          body: { status: 'submitted', signing: { mode: 'client' } },
        });
      }
    });

    it('refuses a declaration without a signature when the subscriber has no key on the HSM (TKS-SIGNATURE-REQUIRED, 422)', async () => {
      const subscriberId = await subscriberWith({});
      const declaration = buildUsnDeclaration(company);
      const answer = await submitRaw(declaration, subscriberId, gw.keys.operator, declaration.fileName);
      expect(answer).toMatchObject({ status: 422, body: { code: 'TKS-SIGNATURE-REQUIRED' } });
      expect(answer.body.detail).toMatch(/no key on the operator’s HSM/);
      await expectRecordedRefusal(answer, 'TKS-SIGNATURE-REQUIRED');
    });

    it('refuses a client signature made with a certificate that is not the subscriber’s (0100100000)', async () => {
      const declaration = buildUsnDeclaration(company);
      const signature = await gw.certificates[SUBSCRIBER_B].sign(declaration.bytes);
      const answer = await submitMultipart(
        { subscriberId: SUBSCRIBER_A, declaration, signature },
        gw.keys.clientA,
      );
      expect(answer).toMatchObject({ status: 422, body: { code: '0100100000' } });
      expect(answer.body.detail).toContain(gw.certificates[SUBSCRIBER_B].certificateId);
      await expectRecordedRefusal(answer, '0100100000');
      const recorded = await call(`/api/v1/filings/${answer.body.filingId as string}`, {
        key: gw.keys.operator,
      });
      const kinds = (recorded.body.documents as Array<{ kind: string }>).map((d) => d.kind).sort();
      expect(kinds).toEqual(['client-signature', 'declaration']);
    });

    it('refuses a client signature that is not a CMS SignedData (0100100000)', async () => {
      const declaration = buildUsnDeclaration(company);
      const answer = await submitMultipart(
        { subscriberId: SUBSCRIBER_A, declaration, signature: Buffer.from('30820123deadbeef', 'hex') },
        gw.keys.clientA,
      );
      expect(answer).toMatchObject({ status: 422, body: { code: '0100100000' } });
      await expectRecordedRefusal(answer, '0100100000');
    });

    it('checks the certificate before the client signature: no usable one is TKS-CERTIFICATE-REQUIRED', async () => {
      const subscriberId = await subscriberWith({ taxAuthority: { status: 'pending' } });
      const declaration = buildUsnDeclaration(company);
      const signature = await gw.certificates[SUBSCRIBER_B].sign(declaration.bytes);
      const answer = await submitMultipart({ subscriberId, declaration, signature }, gw.keys.operator);
      expect(answer).toMatchObject({ status: 403, body: { code: 'TKS-CERTIFICATE-REQUIRED' } });
    });
  });

  it('accepts realistic 3-NDFL and 6-NDFL declarations, and keeps the raw XML upload working', async () => {
    const ndfl3 = buildNdfl3Declaration();
    const ndfl6 = buildNdfl6Declaration();
    expect(await submitRaw(ndfl3, SUBSCRIBER_PERSON, gw.keys.clientA, ndfl3.fileName)).toMatchObject({
      status: 202,
      body: { formCode: '1151020' },
    });
    expect(await submitRaw(ndfl6, SUBSCRIBER_A, gw.keys.clientA, ndfl6.fileName)).toMatchObject({
      status: 202,
      body: { formCode: '1151100', taxOfficeCode: '7736' },
    });
  });

  it('records a declaration refused by its schema, with line-numbered reasons and no event', async () => {
    const valid = buildNdfl6Declaration();
    const broken = iconv.encode(valid.text.replace('Период="34"', 'Период="22"'), 'windows-1251');
    const answer = await submitRaw(broken, SUBSCRIBER_A, gw.keys.clientA);
    expect(answer).toMatchObject({ status: 422, body: { code: '0300300001' } });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining('Период') }),
    ]);
    const filingId = answer.body.filingId as string;
    const filing = await call(`/api/v1/filings/${filingId}`, { key: gw.keys.clientA });
    expect(filing).toMatchObject({
      status: 200,
      body: {
        status: 'refused',
        fileId: valid.fileId,
        refusal: { code: '0300300001' },
        timeline: [{ status: 'refused', detail: { code: '0300300001' } }],
      },
    });
    expect(await outboxFor(filingId)).toEqual([]);
    // The file is not taken: the corrected one with the same ИдФайл goes through.
    expect(await submitRaw(valid, SUBSCRIBER_A, gw.keys.clientA)).toMatchObject({ status: 202 });
  });

  it('answers a retried refused upload (same Idempotency-Key) with the same refusal, not a new filing', async () => {
    const broken = iconv.encode(
      buildUsnDeclaration(company).text.replace('ОбНал="1"', 'ОбНал="9"'),
      'windows-1251',
    );
    const send = () =>
      call(`/api/v1/filings?subscriberId=${SUBSCRIBER_A}`, {
        method: 'POST',
        key: gw.keys.clientA,
        headers: { 'content-type': 'application/xml', 'idempotency-key': 'refused-once' },
        body: broken,
      });
    const first = await send();
    const second = await send();
    expect(first).toMatchObject({ status: 422, body: { code: '0300300001' } });
    expect(second.body.filingId).toBe(first.body.filingId);
  });

  it('never lets one client file for, see or download another client’s filings', async () => {
    const ofB = buildUsnDeclaration({ inn: '7728168971', kpp: '773601001', taxOfficeCode: '7736' });
    const submitted = await submitRaw(ofB, SUBSCRIBER_B, gw.keys.clientB);
    expect(submitted.status).toBe(202);
    const filingId = submitted.body.filingId as string;
    // Client A: filing for B is "unknown subscriber", B's filing is "not found", in lists it is absent.
    const asA = await submitRaw(
      buildUsnDeclaration({ inn: '7728168971', kpp: '773601001', taxOfficeCode: '7736' }),
      SUBSCRIBER_B,
      gw.keys.clientA,
    );
    expect(asA).toMatchObject({ status: 404, body: { code: 'TKS-SUBSCRIBER-UNKNOWN' } });
    expect(await call(`/api/v1/filings/${filingId}`, { key: gw.keys.clientA })).toMatchObject({
      status: 404,
    });
    const href = (submitted.body.documents as Array<{ href: string }>)[0]?.href ?? '';
    expect((await call(href, { key: gw.keys.clientA })).status).toBe(404);
    const listA = await call(`/api/v1/filings?limit=200`, { key: gw.keys.clientA });
    expect(
      (listA.body.items as Array<{ filingId: string; subscriberId: string }>).every(
        (f) => f.subscriberId !== SUBSCRIBER_B,
      ),
    ).toBe(true);
    const listAForB = await call(`/api/v1/filings?subscriber=${SUBSCRIBER_B}`, { key: gw.keys.clientA });
    expect(listAForB.body.items).toEqual([]);
    // The inspector of 7736 sees it, read-only.
    expect(await call(`/api/v1/filings/${filingId}`, { key: gw.keys.inspector7736 })).toMatchObject({
      status: 200,
    });
    const asInspector = await submitRaw(ofB, SUBSCRIBER_B, gw.keys.inspector7736);
    expect(asInspector).toMatchObject({ status: 403, body: { code: 'TKS-FORBIDDEN' } });
    // The events feed of A has none of B's events.
    const feedA = await call('/api/v1/events?after=0&limit=500', { key: gw.keys.clientA });
    expect((feedA.body.events as Array<{ filingId: string }>).map((e) => e.filingId)).not.toContain(filingId);
  });

  it('pages through the list with the cursor without repeating or skipping, with filters', async () => {
    // Its own filings, enough for four pages, whatever the other tests filed before (any order).
    const own: string[] = [];
    for (let i = 0; i < 8; i++) {
      const filed = await submitRaw(buildUsnDeclaration(company), SUBSCRIBER_A, gw.keys.clientA);
      expect(filed.status).toBe(202);
      own.push(filed.body.filingId as string);
    }
    const all = await call(`/api/v1/filings?subscriber=${SUBSCRIBER_A}&limit=200`, { key: gw.keys.clientA });
    const expected = (all.body.items as Array<{ filingId: string }>).map((f) => f.filingId);
    expect(expected).toEqual(expect.arrayContaining(own));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/filings?subscriber=${SUBSCRIBER_A}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call(query, { key: gw.keys.clientA });
      seen.push(...(page.body.items as Array<{ filingId: string }>).map((f) => f.filingId));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(expected);
    const usn = await call(`/api/v1/filings?knd=1152017&status=refused`, { key: gw.keys.clientA });
    expect(
      (usn.body.items as Array<{ formCode: string; status: string }>).every((f) => f.status === 'refused'),
    ).toBe(true);
    const future = await call(`/api/v1/filings?from=2100-01-01`, { key: gw.keys.clientA });
    expect(future.body.items).toEqual([]);
    expect(await call('/api/v1/filings?cursor=garbage', { key: gw.keys.clientA })).toMatchObject({
      status: 400,
    });
  });

  it('feeds status changes in order from a cursor, and long-polls for the next one', async () => {
    const first = await call('/api/v1/events?after=0&limit=500', { key: gw.keys.operator });
    const events = first.body.events as Array<{ cursor: string; filingId: string; status: string }>;
    expect(events.length).toBeGreaterThan(5);
    const cursors = events.map((e) => BigInt(e.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : 1)));
    const after = first.body.nextCursor as string;
    expect(await call(`/api/v1/events?after=${after}`, { key: gw.keys.operator })).toMatchObject({
      body: { events: [] },
    });

    const waiting = call(`/api/v1/events?after=${after}&wait=20`, { key: gw.keys.operator });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const submitted = await submitRaw(buildUsnDeclaration(company), SUBSCRIBER_A, gw.keys.clientA);
    const woke = await waiting;
    expect((woke.body.events as Array<{ filingId: string; status: string }>)[0]).toMatchObject({
      filingId: submitted.body.filingId,
      status: 'submitted',
    });
  });

  it('misses nothing under concurrent uploads: the feed holds each submitted filing exactly once', async () => {
    const start = (await call('/api/v1/events?after=0&limit=1', { key: gw.keys.operator })).body
      .nextCursor as string;
    const uploads = await Promise.all(
      Array.from({ length: 12 }, () =>
        submitRaw(buildUsnDeclaration(company), SUBSCRIBER_A, gw.keys.clientA),
      ),
    );
    const ids = uploads.map((u) => u.body.filingId as string);
    const seen: string[] = [];
    let cursor = start;
    for (let i = 0; i < 40 && !ids.every((id) => seen.includes(id)); i++) {
      const page = await call(`/api/v1/events?after=${cursor}&limit=5&wait=2`, { key: gw.keys.operator });
      seen.push(...(page.body.events as Array<{ filingId: string }>).map((e) => e.filingId));
      cursor = page.body.nextCursor as string;
    }
    const ours = seen.filter((id) => ids.includes(id));
    expect(ours.sort()).toEqual([...ids].sort());
  });

  describe('consent to a cloud signature (issue 10)', () => {
    const consent = (filingId: string, key: string) =>
      call(`/api/v1/filings/${filingId}/consent`, { method: 'POST', key });

    it('keeps an unsigned filing waiting for consent and sends nothing to be signed', async () => {
      const declaration = buildUsnDeclaration(company);
      const answer = await submitRaw(declaration, SUBSCRIBER_A, gw.keys.clientA, declaration.fileName);
      expect(answer).toMatchObject({
        status: 202,
        body: { status: 'submitted', signing: { mode: 'cloud', state: 'awaiting-consent', consent: null } },
      });
      expect(await outboxFor(answer.body.filingId as string)).toEqual([]);
    });

    it('takes consent only from a client key of the subscriber, records who and when, then sends the filing once', async () => {
      const declaration = buildUsnDeclaration(company);
      const filingId = (await submitRaw(declaration, SUBSCRIBER_A, gw.keys.operator, declaration.fileName))
        .body.filingId as string;
      expect(await consent(filingId, gw.keys.operator)).toMatchObject({
        status: 403,
        body: { code: 'TKS-CONSENT-FORBIDDEN' },
      });
      expect((await consent(filingId, gw.keys.clientB)).status).toBe(404);
      expect((await consent(filingId, gw.keys.inspector7736)).status).toBe(403);
      expect(await outboxFor(filingId)).toEqual([]);

      const given = await consent(filingId, gw.keys.clientA);
      expect(given).toMatchObject({
        status: 202,
        body: {
          signing: {
            mode: 'cloud',
            state: 'consented',
            consent: { givenBy: 'clientA', certificateId: gw.certificates[SUBSCRIBER_A].certificateId },
          },
        },
      });
      const again = await consent(filingId, gw.keys.clientA);
      expect(again.status).toBe(200);
      const events = await outboxFor(filingId);
      expect(events).toHaveLength(1);
      expect(events[0].envelope.payload).toMatchObject({
        filingId,
        cloudSignatureConsent: { givenBy: 'clientA' },
      });
      expect(events[0].envelope.payload.clientSignature).toBeUndefined();
    });

    it('refuses consent for a filing that came with its own signature (TKS-CONSENT-NOT-AWAITED)', async () => {
      const declaration = buildUsnDeclaration(company);
      const signature = await gw.certificates[SUBSCRIBER_A].sign(declaration.bytes);
      const filingId = (
        await submitMultipart({ subscriberId: SUBSCRIBER_A, declaration, signature }, gw.keys.clientA)
      ).body.filingId as string;
      expect(await consent(filingId, gw.keys.clientA)).toMatchObject({
        status: 409,
        body: { code: 'TKS-CONSENT-NOT-AWAITED' },
      });
    });
  });
});
