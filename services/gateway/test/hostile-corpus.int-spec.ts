import { GatewayUnderTest, startGatewayUnderTest, SUBSCRIBER_A } from './support/gateway-under-test';
import { hostileCorpus as corpus, MAX_BYTES, valid } from './support/hostile-corpus';

/**
 * Malformed, hostile and oversized inputs, through both validation paths (in memory, and streamed
 * as for large files): each gets its own code, none crashes the gateway or answers 5xx, a refused
 * declaration is recorded whole (filing, reason, timeline; no event), and nothing is half-recorded.
 */
describe.each([
  ['in memory', {}],
  ['streamed', { XSD_IN_MEMORY_MAX_BYTES: '512' }],
])('the hostile corpus, validated %s', (_path, env: Record<string, string>) => {
  let gw: GatewayUnderTest;

  beforeAll(async () => {
    gw = await startGatewayUnderTest({ MAX_DECLARATION_BYTES: String(MAX_BYTES), ...env });
    // Issue 10: the subscriber's key is on the operator's HSM, so an unsigned declaration that passes
    // every check is taken in (to wait for consent) rather than refused for want of a signature.
    await gw.putCloudKey(SUBSCRIBER_A);
  });

  afterAll(async () => {
    expect(await gw?.stop()).toBe(0);
  });

  const answers: Array<{ name: string; recorded: boolean; filingId?: string }> = [];

  it.each(corpus().map((c) => [c.name, c] as const))(
    'answers %s with its code and no crash',
    async (_name, c) => {
      const isForm = typeof c.body === 'function';
      const body = typeof c.body === 'function' ? c.body() : c.body;
      const headers: Record<string, string> = { authorization: `Bearer ${gw.keys.clientA}` };
      if (!isForm) headers['content-type'] = c.contentType ?? 'application/xml';
      const url = `${gw.baseUrl}/api/v1/filings${isForm ? '' : `?subscriberId=${SUBSCRIBER_A}`}`;
      const response = await fetch(url, { method: 'POST', headers, body });
      const problem = (await response.json()) as { code: string; filingId?: string };
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(problem.code).toBe(c.code);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(problem.filingId !== undefined).toBe(c.recorded);
      answers.push({ name: c.name, recorded: c.recorded, filingId: problem.filingId });
      expect(gw.gateway.exit()).toBeNull();
    },
  );

  it('recorded exactly the refused declarations, each whole, and sent nothing', async () => {
    const refused = await gw.db.query<{ filing_id: string; refusal_code: string; events: string }>(
      `SELECT f.filing_id, f.refusal_code,
              (SELECT count(*) FROM gateway.filing_events e WHERE e.filing_id = f.filing_id AND e.status = 'refused') AS events
         FROM gateway.filings f`,
    );
    const expected = answers.filter((a) => a.filingId).map((a) => a.filingId);
    expect(refused.rows.map((r) => r.filing_id).sort()).toEqual(expected.sort());
    expect(refused.rows.every((r) => r.refusal_code && r.events === '1')).toBe(true);
    expect((await gw.db.query('SELECT 1 FROM gateway.outbox')).rowCount).toBe(0);
    // Still serving: a valid declaration goes through after all that.
    const d = valid();
    const response = await fetch(`${gw.baseUrl}/api/v1/filings?subscriberId=${SUBSCRIBER_A}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.keys.clientA}`, 'content-type': 'application/xml' },
      body: d.bytes,
    });
    expect(response.status).toBe(202);
  });
});
