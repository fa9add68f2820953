import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEntry, MessagingModule, OutboxMessage } from '@tks/messaging';
import { serviceDataSourceOptions } from '@tks/persistence';
import { documentStoreProvider } from '@tks/platform';
import { FilingDocument } from './filings/filing-document.entity';
import { FilingEvent } from './filings/filing-event.entity';
import { FilingEventsHandler } from './filings/filing-events.handler';
import { FilingIntakeService } from './filings/filing-intake.service';
import { FilingProgressService } from './filings/filing-progress.service';
import { Filing } from './filings/filing.entity';
import { FilingsController } from './filings/filings.controller';
import { FilingsRepository } from './filings/filings.repository';
import { DocflowRecorder } from './docflow/docflow-recorder';
import { Transactions } from './persistence/transactions.repository';
import { GATEWAY_CONFIG, GatewayConfig } from './gateway.config';
import { historyParts } from './history/history.parts';
import { intakeParts } from './filings/intake.parts';
import { checksParts } from './checks/checks.parts';
import { keysParts } from './keys/keys.parts';
import { evidenceParts } from './evidence/evidence.parts';
import { FilingGauges } from './metrics/filing-gauges';
import { ConsoleController } from './console/console.controller';
import { WhoAmIController } from './access/whoami.controller';
import { Initial1732540000000 } from './migrations/1732540000000-initial';
import { ClientOnboarding1732541000125 } from './migrations/1732541000125-client-onboarding';
import { certificateParts } from './subscribers/certificates.parts';
import { receiptNoticeParts } from './receipt-notices/receipt-notices.parts';
import { SubscriberEventsHandler } from './subscribers/subscriber-events.handler';
import { SubscriberRegistration } from './subscribers/subscriber-registration.entity';
import { SubscriberView } from './subscribers/subscriber-view.entity';
import { SubscribersController } from './subscribers/subscribers.controller';
import { SubscribersService } from './subscribers/subscribers.service';
import { SubscribersRepository } from './subscribers/subscribers.repository';
import { webhookParts } from './webhooks/webhooks.parts';

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({
            url: config.DATABASE_URL,
            schema: 'gateway',
            entities: [
              Filing,
              FilingDocument,
              FilingEvent,
              SubscriberView,
              SubscriberRegistration,
              OutboxMessage,
              InboxEntry,
              ...certificateParts.entities,
              ...keysParts.entities,
              ...intakeParts.entities,
              ...receiptNoticeParts.entities,
              ...evidenceParts.entities,
            ],
            migrations: [
              Initial1732540000000,
              ...certificateParts.migrations,
              ...keysParts.migrations,
              ...intakeParts.migrations,
              ...historyParts.migrations,
              ...receiptNoticeParts.migrations,
              ...evidenceParts.migrations,
              ...webhookParts.migrations,
              ClientOnboarding1732541000125,
            ],
          }),
        ),
        MessagingModule.forService({ service: 'gateway', brokers: config.KAFKA_BROKERS }),
      ],
      controllers: [
        FilingsController,
        SubscribersController,
        FilingEventsHandler,
        SubscriberEventsHandler,
        WhoAmIController,
        ConsoleController,
        ...certificateParts.controllers,
        ...keysParts.controllers,
        ...historyParts.controllers,
        ...intakeParts.controllers,
        ...checksParts.controllers,
        ...receiptNoticeParts.controllers,
        ...evidenceParts.controllers,
        ...webhookParts.controllers,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        documentStoreProvider(config.DOCUMENT_STORE_DIR),
        // The only code that touches the database: repositories, and the door to transactions.
        Transactions,
        FilingsRepository,
        SubscribersRepository,
        DocflowRecorder,
        FilingIntakeService,
        FilingProgressService,
        SubscribersService,
        FilingGauges,
        ...certificateParts.providers,
        ...keysParts.providers,
        ...historyParts.providers,
        ...intakeParts.providers,
        ...checksParts.providers,
        ...receiptNoticeParts.providers,
        ...evidenceParts.providers,
        ...webhookParts.providers,
      ],
    };
  }
}
