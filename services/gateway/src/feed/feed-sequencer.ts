import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventsFeedRepository } from './events-feed.repository';

/**
 * Gives each filing event its place in the events feed (`feed_seq`) after it has committed.
 *
 * Why not the identity `seq`: identities are handed out when a row is inserted, not when its
 * transaction commits, so under concurrency seq 7 can become visible after seq 8; a client that
 * read 8 and keeps `after=8` would never see 7. Here one writer at a time (a transaction-scoped
 * advisory lock, so several gateway instances are fine) numbers the committed rows that have no
 * number yet, continuing from the highest number given. Numbers become visible batch by batch in
 * increasing order, so `feed_seq > cursor` never skips or repeats a row. The price is a short
 * delay (one tick, or a kick after a local commit) before an event shows in the feed.
 */
const LOCK_KEY = 0x746b7366; // "tksf"
const BATCH = 1000;
const TICK_MS = 200;

@Injectable()
export class FeedSequencer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FeedSequencer');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly feed: EventsFeedRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.kick(), TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }

  /** Numbers what is pending now; concurrent calls share one run. Resolves with the rows numbered. */
  kick(): Promise<number> {
    if (this.stopped || !this.feed.ready) return Promise.resolve(0);
    this.running ??= this.sequence()
      .catch((error: unknown) => {
        this.logger.warn(`sequencing failed: ${error instanceof Error ? error.message : String(error)}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async sequence(): Promise<number> {
    let total = 0;
    for (;;) {
      const numbered = await this.feed.numberPending(LOCK_KEY, BATCH);
      total += numbered;
      if (numbered < BATCH || this.stopped) return total;
    }
  }
}
