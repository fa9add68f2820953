import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEntry, MessagingModule, OutboxMessage } from '@tks/messaging';
import { serviceDataSourceOptions } from '@tks/persistence';
import { documentStoreProvider, SigningModule, usesToken } from '@tks/platform';
import { Initial1732540000000 } from './migrations/1732540000000-initial';
import { TaxOfficeAnswer1732541000006 } from './migrations/1732541000006-tax-office-answer';
import { RECEIPTS_CONFIG, ReceiptsConfig } from './receipts.config';
import { receiptNoticeParts } from './receipt-notices/receipt-notices.parts';
import { CLOCK, systemClock } from './receipts/clock';
import { FilingSignedHandler } from './receipts/filing-signed.handler';
import { ReceiptIssuingService } from './receipts/receipt-issuing.service';
import { ReceiptRecorder } from './receipts/receipt-recorder';
import { OPERATOR_SIGNER, receiptSignerProvider, TAX_OFFICE_SIGNER } from './receipts/receipt-signer';
import { Receipt } from './receipts/receipt.entity';
import { TaxOfficeAnswerService } from './tax-office/tax-office-answer.service';
import { taxOfficeCheckContextProvider } from './tax-office/tax-office-check-context.provider';

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
            entities: [Receipt, OutboxMessage, InboxEntry, ...receiptNoticeParts.entities],
            migrations: [
              Initial1732540000000,
              TaxOfficeAnswer1732541000006,
              ...receiptNoticeParts.migrations,
            ],
          }),
        ),
        MessagingModule.forService({ service: 'receipts', brokers: config.KAFKA_BROKERS }),
        SigningModule.register(config, {
          openToken: usesToken(config.OPERATOR_SIGNING_KEY, config.TAX_OFFICE_SIGNING_KEY),
        }),
      ],
      controllers: [FilingSignedHandler, ...receiptNoticeParts.controllers],
      providers: [
        { provide: RECEIPTS_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        documentStoreProvider(config.DOCUMENT_STORE_DIR),
        receiptSignerProvider(OPERATOR_SIGNER, 'OPERATOR_SIGNING_KEY', config.OPERATOR_SIGNING_KEY),
        receiptSignerProvider(TAX_OFFICE_SIGNER, 'TAX_OFFICE_SIGNING_KEY', config.TAX_OFFICE_SIGNING_KEY),
        taxOfficeCheckContextProvider(config),
        ReceiptRecorder,
        ReceiptIssuingService,
        TaxOfficeAnswerService,
        ...receiptNoticeParts.providers,
      ],
    };
  }
}
