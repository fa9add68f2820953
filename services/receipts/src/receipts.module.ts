import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEntry, MessagingModule, OutboxMessage } from '@tks/messaging';
import { serviceDataSourceOptions } from '@tks/persistence';
import { documentSignerProvider, documentStoreProvider, TokenModule } from '@tks/platform';
import { Initial1732540000000 } from './migrations/1732540000000-initial';
import { RECEIPTS_CONFIG, ReceiptsConfig } from './receipts.config';
import { FilingSignedHandler } from './receipts/filing-signed.handler';
import { ReceiptIssuingService } from './receipts/receipt-issuing.service';
import { Receipt } from './receipts/receipt.entity';

@Module({})
export class ReceiptsModule {
  static register(config: ReceiptsConfig): DynamicModule {
    return {
      module: ReceiptsModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({
            url: config.DATABASE_URL,
            schema: 'receipts',
            entities: [Receipt, OutboxMessage, InboxEntry],
            migrations: [Initial1732540000000],
          }),
        ),
        MessagingModule.forService({ service: 'receipts', brokers: config.KAFKA_BROKERS }),
        TokenModule.register(config),
      ],
      controllers: [FilingSignedHandler],
      providers: [
        { provide: RECEIPTS_CONFIG, useValue: config },
        documentStoreProvider(config.DOCUMENT_STORE_DIR),
        documentSignerProvider(config.OPERATOR_KEY_LABEL),
        ReceiptIssuingService,
      ],
    };
  }
}
