import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ApiKeysRepository } from '../access/api-keys.repository';
import { EventsFeedRepository } from '../feed/events-feed.repository';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { Transactions } from '../persistence/transactions.repository';
import { deliverOne } from './webhook-delivery';
import { fanOutWebhookEvents } from './webhook-fanout';
import { WebhooksRepository } from './webhooks.repository';

/**
 * Every gateway runs one: each tick it turns new feed events into deliveries, then sends what is
 * due with WEBHOOK_CONCURRENCY slots. All state is in the tables, so a restart picks up where the
 * last run stopped and any number of gateways can share the work.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly transactions: Transactions,
    private readonly webhooks: WebhooksRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly feed: EventsFeedRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.WEBHOOK_POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running || this.stopped || !this.webhooks.ready) return;
    this.running = this.run()
      .catch((error: unknown) =>
        this.logger.warn(`webhooks: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.running = undefined;
      });
  }

  private async run(): Promise<void> {
    const repositories = {
      transactions: this.transactions,
      webhooks: this.webhooks,
      apiKeys: this.apiKeys,
      feed: this.feed,
    };
    await fanOutWebhookEvents(repositories);
    const policy = {
      baseMs: this.config.WEBHOOK_RETRY_BASE_MS,
      maxMs: this.config.WEBHOOK_RETRY_MAX_MS,
      maxAttempts: this.config.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
    };
    const slot = async () => {
      while (!this.stopped && (await deliverOne(repositories, policy, this.logger))) {
        // keep sending while deliveries are due
      }
    };
    await Promise.all(Array.from({ length: this.config.WEBHOOK_CONCURRENCY }, slot));
  }
}
