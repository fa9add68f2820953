import { createHash } from 'node:crypto';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { CertificatesClient } from '../../cli/certificates-client';
import { FilingBody, GatewayClient, requestJson } from '../../cli/gateway-client';
import type { FeedEvent } from '../../cli/watch-command';
import { sharedStep, testEnvironment, waitUntil } from '@tks/testing';
import { registerSignedSubscriber, SignedSubscriber } from './support/running-pipeline';
import { ReplicatedPipeline, startReplicatedPipeline } from './support/replicated-pipeline';
import { readTopicToEnd } from './support/topic-reader';

const FILINGS = 16;

// Eight service processes start on a shared 2-core machine: more time than one pipeline's.
jest.setTimeout(600_000);

interface FeedPage {
  events: FeedEvent[];
  nextCursor: string;
}

/**
 * Two instances of every service, as on two machines (issue 12): two gateways on two ports, two
 * signers, two receipts services, two registries, one database, one broker and the documents in
 * the S3-compatible store. Filings go in through both gateways at once while a reader follows the
 * events feed through both in turn.
 */
describe('two instances of every service', () => {
  const brokers = testEnvironment().kafkaBrokers;
  let pipeline: ReplicatedPipeline;
  let subscriber: SignedSubscriber;
  let gateways: GatewayClient[];

  beforeAll(async () => {
    pipeline = await startReplicatedPipeline(2);
    gateways = pipeline.gatewayUrls.map((url) => new GatewayClient(url, pipeline.operatorKey));
    subscriber = await registerSignedSubscriber(pipeline.gatewayUrls[0]!, pipeline.operatorKey, {
      name: 'ПАО Сбербанк',
      inn: '7707083893',
      kpp: '773601001',
      ogrn: '1027700132195',
    });
  });

  afterAll(() => pipeline?.stop());

  const page = (gateway: number, after: string, wait: number) =>
    requestJson<FeedPage>(
      pipeline.gatewayUrls[gateway]!,
      pipeline.operatorKey,
      `/api/v1/events?${new URLSearchParams({ ...(after ? { after } : {}), wait: String(wait), limit: '25' })}`,
    );

  /** Follows the feed page by page, each page from the other gateway, until `done` says so. */
  async function follow(done: () => boolean): Promise<FeedEvent[]> {
    const seen: FeedEvent[] = [];
    let cursor = '';
    for (let turn = 0; !done(); turn++) {
      const next = await page(turn % 2, cursor, 1);
      seen.push(...next.events);
      cursor = next.nextCursor;
    }
    // Whatever came after the last filing finished, to the feed's end as of now.
    for (let turn = 0; ; turn++) {
      const next = await page(turn % 2, cursor, 0);
      if (next.events.length === 0) return seen;
      seen.push(...next.events);
      cursor = next.nextCursor;
    }
  }

  /**
   * The load every test reads the outcome of, made once by the first test that needs it: FILINGS
   * filings through both gateways at once, each to its input notice, while a reader follows the
   * feed through both in turn.
   */
  const load = sharedStep(async (): Promise<{ filings: FilingBody[]; followed: FeedEvent[] }> => {
    const declarations = await Promise.all(
      Array.from({ length: FILINGS }, async () => {
        const declaration = buildUsnDeclaration({
          inn: '7707083893',
          kpp: '773601001',
          taxOfficeCode: '9991',
        });
        return { declaration, signature: await subscriber.signer.sign(declaration.bytes) };
      }),
    );
    let finished = false;
    // Settled either way, so a failure below is reported as itself, not as a dangling fetch.
    const following = follow(() => finished).then(
      (events) => ({ events }),
      (error: unknown) => ({ error }),
    );
    const filings = await Promise.all(
      declarations.map(({ declaration, signature }, i) =>
        gateways[i % 2]!.submit(declaration.bytes, {
          subscriberId: subscriber.subscriberId,
          fileName: declaration.fileName,
          signature,
        }),
      ),
    );
    const answered = (f: FilingBody) =>
      f.outcome === 'accepted' && f.documents.some((d) => d.kind === 'input-notice');
    try {
      await waitUntil(
        `all ${FILINGS} filings to get their input notice`,
        async () => {
          const now = await Promise.all(filings.map((f, i) => gateways[(i + 1) % 2]!.filing(f.filingId)));
          return now.every(answered);
        },
        300_000,
      );
    } finally {
      finished = true;
    }
    const result = await following;
    if ('error' in result) throw result.error;
    return { filings, followed: result.events };
  });

  it('answers every filing sent through either gateway, to its input notice, read through the other', async () => {
    const { filings } = await load();
    for (const [i, f] of filings.entries()) {
      // Through the gateway that did not take it in: every document from the shared S3 store.
      const other = gateways[(i + 1) % 2]!;
      const seen = await other.filing(f.filingId);
      expect(seen).toMatchObject({ status: 'accepted', outcome: 'accepted', progress: 'answered' });
      for (const document of seen.documents) {
        const bytes = await other.download(document.href);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(document.sha256);
      }
    }
  });

  it('issued each receipt of each filing exactly once (on the topic itself, duplicates included)', async () => {
    const { filings } = await load();
    const issued = await readTopicToEnd(brokers, `${pipeline.namespace}.tks.receipt.issued.v1`);
    const count = new Map<string, number>();
    for (const m of issued) {
      const key = `${String(m.value.payload.filingId)} ${String(m.value.payload.kind)}`;
      count.set(key, (count.get(key) ?? 0) + 1);
    }
    for (const f of filings) {
      for (const kind of ['sending-date-confirmation', 'acceptance-receipt', 'input-notice']) {
        expect({ answer: `${f.filingId} ${kind}`, times: count.get(`${f.filingId} ${kind}`) }).toEqual({
          answer: `${f.filingId} ${kind}`,
          times: 1,
        });
      }
    }
    expect(issued).toHaveLength(FILINGS * 3);
  });

  it('serves one events feed without gap or repeat, whichever gateway is read', async () => {
    const { filings, followed } = await load();
    const whole = async (gateway: number) => {
      const all: FeedEvent[] = [];
      let cursor = '';
      for (;;) {
        const next = await page(gateway, cursor, 0);
        if (next.events.length === 0) return all;
        all.push(...next.events);
        cursor = next.nextCursor;
      }
    };
    const [fromFirst, fromSecond] = [await whole(0), await whole(1)];
    expect(fromSecond).toEqual(fromFirst);
    // Followed while the filings were being processed, alternating gateways: the same events.
    expect(followed).toEqual(fromFirst);
    expect(new Set(fromFirst.map((e) => e.cursor)).size).toBe(fromFirst.length);
    // Each line carries the filing's progress after it. Progress only moves forward, but with two
    // gateways the events of different topics are recorded by different instances, so one may
    // already say `sent` when the signer's `signed` is recorded: a stage can be passed over, never undone.
    const order = ['submitted', 'signed', 'sent', 'answered', 'finished'];
    for (const f of filings) {
      const progress = fromFirst.filter((e) => e.filingId === f.filingId).map((e) => String(e.progress));
      const ranks = progress.map((p) => order.indexOf(p));
      expect({ filing: f.filingId, progress }).toEqual({
        filing: f.filingId,
        progress: expect.arrayContaining(['submitted', 'answered']) as unknown as string[],
      });
      expect({
        filing: f.filingId,
        forward: ranks.every((r, i) => r >= 0 && (i === 0 || r >= ranks[i - 1])),
      }).toEqual({
        filing: f.filingId,
        forward: true,
      });
    }
  });

  it('does scheduled work once: one expiry warning per threshold, whichever registry scans', async () => {
    // Read after the load: many scans of both registries after the certificate was registered.
    await load();
    // The test client certificate is valid for 30 days: the 30-day warning is due at once.
    const warnings = await readTopicToEnd(brokers, `${pipeline.namespace}.tks.certificate.expiry-warning.v1`);
    const thresholds = warnings
      .filter((m) => m.value.payload.certificateId === subscriber.signer.certificateId)
      .map((m) => m.value.payload.thresholdDays);
    expect(thresholds).toEqual([30]);
    const listed = await new CertificatesClient(pipeline.gatewayUrls[1]!, pipeline.operatorKey).list(
      subscriber.subscriberId,
    );
    expect(listed.map((c) => [c.certificateId, c.taxAuthority.status])).toEqual([
      [subscriber.signer.certificateId, 'registered'],
    ]);
  });
});
