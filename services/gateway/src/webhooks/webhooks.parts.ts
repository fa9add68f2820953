import { Webhooks1732541000110 } from '../migrations/1732541000110-webhooks';
import { WebhookWorker } from './webhook-worker';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';
import { WebhooksRepository } from './webhooks.repository';

/** What issue 18 (signed webhooks) adds to the gateway module. */
export const webhookParts = {
  migrations: [Webhooks1732541000110],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookWorker, WebhooksRepository],
};
