import { buildUsnDeclaration, type BuiltDeclaration } from '../../../libs/xml/src/fixtures';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayUnderTest, startGatewayUnderTest, SUBSCRIBER_A } from './support/gateway-under-test';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

const company = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' };

/** Every object in the store (not its `tmp/`), by address. */
async function storedObjects(storeDir: string): Promise<string[]> {
  const prefixes = (await readdir(storeDir)).filter((name) => name !== 'tmp');
  const objects = await Promise.all(prefixes.map((prefix) => readdir(join(storeDir, prefix))));
  return objects.flat().sort();
}

/**
 * Issue 17: the holes the fault suite found at the gateway's intake and downloads, on the compiled
 * gateway with the real broker and database: a document missing from the store, an Idempotency-Key
 * reused with another body, uploads that are refused or too large, and slow uploads.
 */
describe('gateway intake and downloads under faults', () => {
  let gw: GatewayUnderTest;
  let storeDir: string;
  const requestTimeoutMs = 4000;

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'tks-gateway-faults-documents-'));
    gw = await startGatewayUnderTest({
      DOCUMENT_STORE_DIR: storeDir,
      MAX_DECLARATION_BYTES: String(64 * 1024),
      HTTP_REQUEST_TIMEOUT_MS: String(requestTimeoutMs),
    });
  });

  afterAll(async () => {
    expect(await gw?.stop()).toBe(0);
  });

  const call = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${gw.keys.clientA}`);
    const response = await fetch(`${gw.baseUrl}${path}`, { ...init, headers });
    const text = await response.text();
    const body = text && text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {};
    return { status: response.status, body, headers: response.headers };
  };
  const submit = async (
    declaration: BuiltDeclaration | { bytes: Buffer; fileName: string },
    options: { idempotencyKey?: string; signature?: Buffer; subscriberId?: string; extraField?: string } = {},
  ) => {
    const form = new FormData();
    form.set('subscriberId', options.subscriberId ?? SUBSCRIBER_A);
    form.set('declaration', new Blob([declaration.bytes], { type: 'application/xml' }), declaration.fileName);
    if (options.signature) form.set('signature', new Blob([options.signature]), 'declaration.sig');
    if (options.extraField) form.set(options.extraField, 'x');
    const headers: Record<string, string> = {};
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    return call('/api/v1/filings', { method: 'POST', body: form, headers });
  };
  const signed = async () => {
    const declaration = buildUsnDeclaration(company);
    const signature = await gw.certificates[SUBSCRIBER_A].sign(declaration.bytes);
    return { declaration, signature };
  };

  it('answers a document missing from the store with TKS-DOCUMENT-UNAVAILABLE and keeps serving', async () => {
    const { declaration, signature } = await signed();
    const filed = await submit(declaration, { signature });
    expect(filed.status).toBe(202);
    const documents = filed.body.documents as Array<{ kind: string; href: string; sha256?: string }>;
    const href = documents.find((d) => d.kind === 'declaration')?.href ?? '';
    const [row] = (
      await gw.db.query<{ sha256: string }>(
        `SELECT sha256 FROM gateway.filing_documents WHERE filing_id = $1 AND kind = 'declaration'`,
        [filed.body.filingId],
      )
    ).rows;
    await rm(join(storeDir, row.sha256.slice(0, 2), row.sha256));

    const download = await call(href);
    expect(download).toMatchObject({ status: 500, body: { code: 'TKS-DOCUMENT-UNAVAILABLE' } });
    expect(download.headers.get('content-type')).toContain('application/problem+json');
    // The gateway is still there: the same process answers the next request.
    expect(gw.gateway.exit()).toBeNull();
    expect((await call(`/api/v1/filings/${String(filed.body.filingId)}`)).status).toBe(200);
  });

  it('answers the first filing to a retry with the same Idempotency-Key and the same body', async () => {
    const { declaration, signature } = await signed();
    const first = await submit(declaration, { signature, idempotencyKey: 'fixture-key-same-body' });
    expect(first.status).toBe(202);
    const again = await submit(declaration, { signature, idempotencyKey: 'fixture-key-same-body' });
    expect(again).toMatchObject({ status: 202, body: { filingId: first.body.filingId } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same Idempotency-Key with a different body (422 TKS-IDEMPOTENCY-KEY-REUSED), keeping nothing', async () => {
    const { declaration, signature } = await signed();
    const first = await submit(declaration, { signature, idempotencyKey: 'fixture-key-other-body' });
    expect(first.status).toBe(202);
    const before = await storedObjects(storeDir);
    const other = await signed();
    const reused = await submit(other.declaration, {
      signature: other.signature,
      idempotencyKey: 'fixture-key-other-body',
    });
    expect(reused).toMatchObject({ status: 422, body: { code: 'TKS-IDEMPOTENCY-KEY-REUSED' } });
    expect(reused.body.detail).toContain(String(first.body.filingId));
    expect(await storedObjects(storeDir)).toEqual(before);
    // The first filing is untouched, and still the answer to its own body.
    const replayed = await submit(declaration, { signature, idempotencyKey: 'fixture-key-other-body' });
    expect(replayed).toMatchObject({ status: 202, body: { filingId: first.body.filingId } });
  });

  it('refuses the losers of a race of different bodies under one Idempotency-Key, and files one', async () => {
    // Sent together, every upload passes the lookup before any is recorded: the losers meet the
    // winner at the key's unique index, and must be compared with it as a retry is.
    const uploads = await Promise.all(Array.from({ length: 6 }, () => signed()));
    const answers = await Promise.all(
      uploads.map((u) =>
        submit(u.declaration, { signature: u.signature, idempotencyKey: 'fixture-key-race' }),
      ),
    );
    const filed = answers.filter((a) => a.status === 202);
    expect(filed).toHaveLength(1);
    expect(filed[0].headers.get('idempotent-replayed')).toBeNull();
    for (const loser of answers.filter((a) => a !== filed[0])) {
      expect(loser).toMatchObject({ status: 422, body: { code: 'TKS-IDEMPOTENCY-KEY-REUSED' } });
      expect(loser.body.detail).toContain(String(filed[0].body.filingId));
    }
    const { rows } = await gw.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM gateway.filings WHERE idempotency_key = 'fixture-key-race'`,
    );
    expect(Number(rows[0].n)).toBe(1);
  });

  it('leaves nothing in the store after an upload too large, as raw XML or multipart', async () => {
    const before = await storedObjects(storeDir);
    const big = Buffer.alloc(80 * 1024, 0x20);
    const raw = await call(`/api/v1/filings?subscriberId=${SUBSCRIBER_A}`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: big,
    });
    expect(raw).toMatchObject({ status: 413, body: { code: 'TKS-TOO-LARGE' } });
    const multipart = await submit({ bytes: big, fileName: 'big.xml' });
    expect(multipart).toMatchObject({ status: 413, body: { code: 'TKS-TOO-LARGE' } });
    expect(await storedObjects(storeDir)).toEqual(before);
  });

  it('leaves nothing in the store after a multipart upload refused before it is recorded', async () => {
    const before = await storedObjects(storeDir);
    const { declaration, signature } = await signed();
    const unexpected = await submit(declaration, { signature, extraField: 'comment' });
    expect(unexpected).toMatchObject({ status: 400, body: { code: 'TKS-REQUEST-INVALID' } });
    const foreign = await submit(declaration, {
      signature,
      subscriberId: '2TK-00000000000000000000000000000fff',
    });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'TKS-SUBSCRIBER-UNKNOWN' } });
    expect(await storedObjects(storeDir)).toEqual(before);
  });

  it('keeps a slow upload going until the request timeout, then answers 408 and keeps nothing', async () => {
    const before = await storedObjects(storeDir);
    // A raw upload that trickles for longer than the request timeout.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${gw.baseUrl}/api/v1/filings?subscriberId=${SUBSCRIBER_A}`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/xml',
            authorization: `Bearer ${gw.keys.clientA}`,
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          res.resume();
          clearInterval(timer);
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (error) => {
        clearInterval(timer);
        reject(error);
      });
      const started = Date.now();
      const timer = setInterval(() => {
        // Node checks request timeouts every 30 s: trickle long enough for one check past the timeout.
        if (Date.now() - started > requestTimeoutMs + 40_000) {
          clearInterval(timer);
          req.end();
          return;
        }
        req.write(' ');
      }, 200);
    });
    expect(status).toBe(408);
    expect(await storedObjects(storeDir)).toEqual(before);
  });
});
