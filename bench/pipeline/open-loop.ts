import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { GatewayClient } from '../../cli/gateway-client';
import { cpuMillisOf } from './process-usage';
import { FeedFollower } from './feed-follower';
import { LatencySummary, summarize } from './percentiles';
import { BenchStack, COMPANY } from './stack';

export interface StepResult {
  offeredPerSecond: number;
  uploads: number;
  uploadErrors: number;
  finished: number;
  /** Filings with no outcome when the step's drain time ran out. */
  unfinished: number;
  /** Finished filings per second, from the first upload sent to the last outcome recorded. */
  throughputPerSecond: number;
  latencyMs: {
    upload: LatencySummary;
    submittedToSigned: LatencySummary;
    signedToSent: LatencySummary;
    sentToAnswered: LatencySummary;
    endToEnd: LatencySummary;
  };
  /** CPU milliseconds per finished filing, per service (summed over its instances). */
  cpuMsPerFiling: Record<string, number>;
  cpuMsPerFilingTotal: number;
}

interface Prepared {
  bytes: Buffer;
  fileName: string;
  signature: Buffer;
}

/** Signed declarations for a step, made before it starts so the load generator only sends. */
async function prepare(stack: BenchStack, count: number): Promise<Prepared[]> {
  const prepared: Prepared[] = [];
  const make = async () => {
    // 9991: the robot tax office that accepts every valid declaration.
    const d = buildUsnDeclaration({ inn: COMPANY.inn, kpp: COMPANY.kpp, taxOfficeCode: '9991' });
    prepared.push({ bytes: d.bytes, fileName: d.fileName, signature: await stack.sign(d.bytes) });
  };
  for (let i = 0; i < count; i += 64) {
    await Promise.all(Array.from({ length: Math.min(64, count - i) }, make));
  }
  return prepared;
}

async function cpuByService(stack: BenchStack): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const service of stack.services) {
    const pid = service.process.pid;
    if (pid === undefined) continue;
    totals[service.name] = (totals[service.name] ?? 0) + (await cpuMillisOf(pid).catch(() => 0));
  }
  return totals;
}

/**
 * One step of an open-loop load: uploads start at a fixed arrival rate whether or not earlier ones
 * have been answered (as many clients filing at once do), for `seconds`; then the step waits up to
 * `drainSeconds` for every filing's outcome on the events feed.
 */
export async function runStep(
  stack: BenchStack,
  feed: FeedFollower,
  rate: number,
  seconds: number,
  drainSeconds: number,
): Promise<StepResult> {
  const count = Math.max(1, Math.round(rate * seconds));
  const prepared = await prepare(stack, count);
  const client = new GatewayClient(stack.gatewayUrl, stack.operatorKey);
  const sentAt = new Map<string, number>();
  const uploadMs: number[] = [];
  let uploadErrors = 0;
  const cpuBefore = await cpuByService(stack);
  const started = Date.now();
  const uploads: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const item = prepared[i];
    const sent = Date.now();
    uploads.push(
      client
        .submit(item.bytes, {
          subscriberId: stack.subscriberId,
          fileName: item.fileName,
          signature: item.signature,
        })
        .then((filing) => {
          uploadMs.push(Date.now() - sent);
          sentAt.set(filing.filingId, sent);
        })
        .catch(() => {
          uploadErrors += 1;
        }),
    );
  }
  await Promise.all(uploads);
  const ids = [...sentAt.keys()];
  const unfinished = await feed.waitForOutcomes(ids, Date.now() + drainSeconds * 1000);
  const cpuAfter = await cpuByService(stack);

  const finishedIds = ids.filter((id) => !unfinished.includes(id));
  const stage = (from: string, to: string) =>
    finishedIds.flatMap((id) => {
      const trace = feed.traces.get(id);
      const a = trace?.progressAt.get(from);
      const b = to === 'answered' ? trace?.outcomeAt : trace?.progressAt.get(to);
      return a !== undefined && b != null ? [b - a] : [];
    });
  // End to end on one clock: upload sent → outcome read from the events feed, both here.
  const endToEnd = finishedIds.map((id) => (feed.traces.get(id)?.outcomeSeenAt ?? 0) - (sentAt.get(id) ?? 0));
  const lastOutcome = Math.max(started, ...finishedIds.map((id) => feed.traces.get(id)?.outcomeSeenAt ?? 0));
  const cpuMsPerFiling: Record<string, number> = {};
  for (const [name, after] of Object.entries(cpuAfter)) {
    cpuMsPerFiling[name] = round1((after - (cpuBefore[name] ?? 0)) / Math.max(1, finishedIds.length));
  }
  return {
    offeredPerSecond: rate,
    uploads: count,
    uploadErrors,
    finished: finishedIds.length,
    unfinished: unfinished.length,
    throughputPerSecond: round1(finishedIds.length / Math.max(0.001, (lastOutcome - started) / 1000)),
    latencyMs: {
      upload: summarize(uploadMs),
      submittedToSigned: summarize(stage('submitted', 'signed')),
      signedToSent: summarize(stage('signed', 'sent')),
      sentToAnswered: summarize(stage('sent', 'answered')),
      endToEnd: summarize(endToEnd),
    },
    cpuMsPerFiling,
    cpuMsPerFilingTotal: round1(Object.values(cpuMsPerFiling).reduce((a, b) => a + b, 0)),
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;
