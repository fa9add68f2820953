import { requestJson } from '../../cli/gateway-client';
import type { FeedEvent } from '../../cli/watch-command';

/** What the events feed said of one filing: when (the gateway's clock) it reached each progress. */
export interface FilingTrace {
  progressAt: Map<string, number>;
  outcome: string | null;
  /** When the outcome was recorded (the gateway's clock, ms since the epoch; whole seconds at times). */
  outcomeAt: number | null;
  /** When this follower read the outcome from the feed (this process' clock): end-to-end latency. */
  outcomeSeenAt: number | null;
}

const PAGE = 500;

/**
 * Follows GET /events (long-polled) from the feed's current end, the way a bookkeeping product
 * learns of answers without polling each filing, and keeps each filing's progress times.
 */
export class FeedFollower {
  readonly traces = new Map<string, FilingTrace>();
  private cursor = '0';
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly gatewayUrl: string,
    private readonly apiKey: string,
  ) {}

  async start(): Promise<void> {
    for (;;) {
      const page = await this.read(0);
      this.cursor = page.nextCursor;
      if (page.events.length < PAGE) break;
    }
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** Resolves when every filing given has an outcome, or at the deadline; returns those without one. */
  async waitForOutcomes(filingIds: readonly string[], deadline: number): Promise<string[]> {
    const open = () => filingIds.filter((id) => this.traces.get(id)?.outcome == null);
    while (open().length > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, Math.min(1000, deadline - Date.now())));
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return open();
  }

  private read(wait: number) {
    return requestJson<{ events: FeedEvent[]; nextCursor: string }>(
      this.gatewayUrl,
      this.apiKey,
      `/api/v1/events?after=${this.cursor}&wait=${wait}&limit=${PAGE}`,
    );
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      const page = await this.read(1);
      this.cursor = page.nextCursor;
      for (const event of page.events) this.record(event);
      if (page.events.length > 0) {
        const waiters = [...this.waiters];
        this.waiters.clear();
        for (const wake of waiters) wake();
      }
    }
  }

  private record(event: FeedEvent): void {
    let trace = this.traces.get(event.filingId);
    if (!trace) {
      trace = { progressAt: new Map(), outcome: null, outcomeAt: null, outcomeSeenAt: null };
      this.traces.set(event.filingId, trace);
    }
    const at = Date.parse(event.at);
    if (event.progress && !trace.progressAt.has(event.progress)) trace.progressAt.set(event.progress, at);
    if (event.outcome && trace.outcome === null) {
      trace.outcome = event.outcome;
      trace.outcomeAt = at;
      trace.outcomeSeenAt = Date.now();
    }
  }
}
