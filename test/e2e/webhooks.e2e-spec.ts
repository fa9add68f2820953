import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayClient, requestJson } from '../../cli/gateway-client';
import { poll } from '../../cli/poll';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { verifySignatureHeader } from '../../services/gateway/src/webhooks/webhook-signature';
import { sharedStep } from '@tks/testing';
import {
  registerSignedSubscriber,
  RunningPipeline,
  SignedSubscriber,
  startPipeline,
} from './support/running-pipeline';

interface Received {
  eventId: string;
  attempt: number;
  verified: boolean;
  body: { id: string; filingId: string; cursor: string; progress?: string };
}

/** A receiver on 127.0.0.1 that verifies each delivery as README says and answers `answer(request)`. */
class Receiver {
  readonly deliveries: Received[] = [];
  private server!: Server;
  secret = '';

  constructor(private readonly answer: (eventId: string, seenBefore: number) => number) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((body) => {
        const eventId = String(request.headers['tks-event-id']);
        const seenBefore = this.deliveries.filter((d) => d.eventId === eventId).length;
        this.deliveries.push({
          eventId,
          attempt: Number(request.headers['tks-delivery-attempt']),
          verified: verifySignatureHeader(this.secret, String(request.headers['tks-signature']), body, {
            now: Math.floor(Date.now() / 1000),
            toleranceSeconds: 300,
          }),
          body: JSON.parse(body) as Received['body'],
        });
        response.writeHead(this.answer(eventId, seenBefore)).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** What a receiver keeps after deduplicating by Tks-Event-Id. */
  uniqueIds(): string[] {
    return byCursor([...new Set(this.deliveries.map((d) => d.eventId))]);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const byCursor = (ids: string[]) => [...ids].sort((a, b) => Number(a) - Number(b));

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * Signed webhooks through the whole pipeline: a filing's every status change reaches the receiver
 * signed with the endpoint's secret, once per event id after dedup; a receiver that answers 500 is
 * tried again; a replay from a feed cursor sends the events again; a client key's endpoint receives
 * only what that key may read in the feed.
 */
describe('signed webhooks', () => {
  let pipeline: RunningPipeline<'operator' | 'stranger'>;
  let subscriber: SignedSubscriber;
  const steady = new Receiver(() => 204);
  const flaky = new Receiver((_id, seenBefore) => (seenBefore === 0 ? 500 : 200));
  const stranger = new Receiver(() => 200);
  /** An operator's endpoint of its own, for the test that deletes one. */
  const deleted = new Receiver(() => 204);

  const api = <T>(key: 'operator' | 'stranger', path: string, init?: RequestInit) =>
    requestJson<T>(pipeline.gatewayUrl, pipeline.keys[key], path, init);
  const register = (key: 'operator' | 'stranger', url: string, filters: object) =>
    api<{ webhookId: string; secret: string }>(key, '/api/v1/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, filters }),
    });

  beforeAll(async () => {
    pipeline = await startPipeline({
      operator: { role: 'operator' },
      // A client of a subscriber that does not exist: its feed, and so its webhooks, stay empty.
      stranger: { role: 'client', subscribers: ['2TK-0000000000-0000000000'] },
    });
    subscriber = await registerSignedSubscriber(pipeline.gatewayUrl, pipeline.keys.operator, {
      name: 'ПАО Сбербанк',
      inn: '7707083893',
      kpp: '773601001',
      ogrn: '1027700132195',
    });
  });

  afterAll(async () => {
    await Promise.all([steady, flaky, stranger, deleted].map((r) => r.stop().catch(() => undefined)));
    await pipeline?.stop();
  });

  /*
   * What the tests read the outcome of, each made once by the first test that needs it: the
   * endpoints registered; a filing of the subscriber answered, with its events in the feed; all of
   * them delivered to the steady endpoint.
   */
  const endpoints = sharedStep(async () => {
    const filters = { subscriberIds: [subscriber.subscriberId] };
    const created = await register('operator', await steady.start(), filters);
    steady.secret = created.secret;
    flaky.secret = (await register('operator', await flaky.start(), filters)).secret;
    stranger.secret = (await register('stranger', await stranger.start(), {})).secret;
    return { created, steadyWebhookId: created.webhookId };
  });
  const filed = sharedStep(async () => {
    await endpoints();
    const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '9991' });
    const client = new GatewayClient(pipeline.gatewayUrl, pipeline.keys.operator);
    const filing = await client.submit(declaration.bytes, {
      subscriberId: subscriber.subscriberId,
      fileName: declaration.fileName,
      signature: await subscriber.signer.sign(declaration.bytes),
    });
    const filingId = filing.filingId;
    const accepted = await client.waitForFiling(filingId, 'accepted', 120_000);
    // The input notice follows the acceptance: only once it is in is the feed of this filing
    // complete (until receipt notices, which this test sends none of).
    await poll(
      () => client.filing(filingId),
      (f) => f.documents.some((d) => d.kind === 'input-notice'),
      60_000,
      `filing ${filingId} to hold its input notice`,
    );
    const feed = await api<{ events: Array<{ cursor: string; filingId: string }> }>(
      'operator',
      '/api/v1/events?after=0&limit=500',
    );
    const feedIds = byCursor(feed.events.filter((e) => e.filingId === filingId).map((e) => e.cursor));
    return { filingId, accepted, feedIds };
  });
  const deliveredToSteady = sharedStep(async () => {
    const { feedIds } = await filed();
    await poll(
      async () => steady.uniqueIds(),
      (ids) => feedIds.every((id) => ids.includes(id)),
      30_000,
      'every event at the receiver',
    );
  });

  it('registers endpoints and shows each secret once', async () => {
    const { created, steadyWebhookId } = await endpoints();
    expect(created.secret).toMatch(/^whsec_/);

    const listed = await api<{ items: Array<Record<string, unknown>> }>('operator', '/api/v1/webhooks');
    expect(listed.items.map((w) => w.webhookId)).toContain(steadyWebhookId);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const strangers = await api<{ items: unknown[] }>('stranger', '/api/v1/webhooks');
    expect(strangers.items).toHaveLength(1);
  });

  it('delivers every status change of a filing, signed, each event id once after dedup', async () => {
    const { filingId, accepted, feedIds } = await filed();
    expect(accepted.status).toBe('accepted');
    expect(feedIds.length).toBeGreaterThanOrEqual(4);
    await deliveredToSteady();
    expect(steady.uniqueIds()).toEqual(feedIds);
    expect(steady.deliveries.every((d) => d.verified)).toBe(true);
    expect(steady.deliveries.every((d) => d.body.id === d.eventId && d.body.filingId === filingId)).toBe(
      true,
    );
    const progress = new Set(steady.deliveries.map((d) => d.body.progress));
    expect([...progress]).toEqual(expect.arrayContaining(['submitted', 'signed', 'sent', 'answered']));
  });

  it('tries a delivery again after the receiver answered 500', async () => {
    const { feedIds } = await filed();
    await poll(
      async () => flaky.deliveries,
      (all) => feedIds.every((id) => all.some((d) => d.eventId === id && d.attempt === 2)),
      30_000,
      'a second attempt of every event',
    );
    for (const id of feedIds) {
      expect(flaky.deliveries.filter((d) => d.eventId === id).map((d) => d.attempt)).toEqual([1, 2]);
    }
    expect(flaky.deliveries.every((d) => d.verified)).toBe(true);
  });

  it('sends the events after a feed cursor again on replay', async () => {
    const { steadyWebhookId } = await endpoints();
    const { feedIds } = await filed();
    // Replayed deliveries are told from the first ones by coming after all of those.
    await deliveredToSteady();
    const before = steady.deliveries.length;
    const replay = await api<{ deliveries: number }>(
      'operator',
      `/api/v1/webhooks/${steadyWebhookId}/replay`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ after: feedIds[0] }),
      },
    );
    expect(replay.deliveries).toBe(feedIds.length - 1);
    await poll(
      async () => steady.deliveries.length,
      (n) => n >= before + feedIds.length - 1,
      30_000,
      'the replayed events',
    );
    const replayed = steady.deliveries.slice(before).map((d) => d.eventId);
    expect(byCursor(replayed)).toEqual(feedIds.slice(1));
    expect(steady.uniqueIds()).toEqual(feedIds);
  });

  it('sends a client key nothing it could not read in the feed, and stops after delete', async () => {
    // By the time the filing's events have reached the operator's endpoint, none went to the client's.
    await deliveredToSteady();
    expect(stranger.deliveries).toEqual([]);
    const { webhookId } = await register('operator', await deleted.start(), {
      subscriberIds: [subscriber.subscriberId],
    });
    const response = await fetch(`${pipeline.gatewayUrl}/api/v1/webhooks/${webhookId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${pipeline.keys.stranger}` },
    });
    expect(response.status).toBe(404);
    const own = await fetch(`${pipeline.gatewayUrl}/api/v1/webhooks/${webhookId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${pipeline.keys.operator}` },
    });
    expect(own.status).toBe(204);
  });
});
