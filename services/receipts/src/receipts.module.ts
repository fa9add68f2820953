import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEntry, MessagingModule, OutboxMessage } from '@tks/messaging';
import { serviceDataSourceOptions } from '@tks/persistence';
import { documentStoreProvider, SigningModule, usesToken } from '@tks/platform';
import { Initial1732540000000 } from './migrations/1732540000000-initial';
import { TaxOfficeAnswer1732541000006 } from './migrations/1732541000006-tax-office-answer';
import { TaxOfficeChannel1732542000020 } from './migrations/1732542000020-tax-office-channel';
import { AnswerReceivedAt1732542000030 } from './migrations/1732542000030-answer-received-at';
import { ContainerReceiver } from './channel/container-receiving';
import { TransferPart } from './channel/transfer-part.entity';
import { transferPartsMigration } from './channel/transfer-parts.migration';
import { TransferPartsRepository } from './channel/transfer-parts.repository';
import { Transactions } from './persistence/transactions.repository';
import { AnswerContainerReceivedHandler } from './receipts/answer-container-received.handler';
import { AnswerReceivingService } from './receipts/answer-receiving.service';
import { answerTrustProvider } from './receipts/answer-trust.provider';
import { ContainerForwarding } from './receipts/container-forwarding';
import { ForwardedDocflow } from './receipts/forwarded-docflow.entity';
import { ForwardedDocflowsRepository } from './receipts/forwarded-docflows.repository';
import { RECEIPTS_CONFIG, ReceiptsConfig } from './receipts.config';
import { receiptNoticeParts } from './receipt-notices/receipt-notices.parts';
import { CLOCK, systemClock } from './documents/clock';
import { FilingSignedHandler } from './receipts/filing-signed.handler';
import { ReceiptIssuingService } from './receipts/receipt-issuing.service';
import { ReceiptRecorder } from './receipts/receipt-recorder';
import { OPERATOR_SIGNER, receiptSignerProvider } from './receipts/receipt-signer';
import { Receipt } from './receipts/receipt.entity';
import { ReceiptsRepository } from './receipts/receipts.repository';

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
            entities: [
              Receipt,
              ForwardedDocflow,
              TransferPart,
              OutboxMessage,
              InboxEntry,
              ...receiptNoticeParts.entities,
            ],
            migrations: [
              Initial1732540000000,
              TaxOfficeAnswer1732541000006,
              ...receiptNoticeParts.migrations,
              TaxOfficeChannel1732542000020,
              AnswerReceivedAt1732542000030,
              transferPartsMigration('receipts'),
            ],
          }),
        ),
        MessagingModule.forService({ service: 'receipts', brokers: config.KAFKA_BROKERS }),
        SigningModule.register(config, {
          openToken: usesToken(config.OPERATOR_SIGNING_KEY),
        }),
      ],
      controllers: [FilingSignedHandler, AnswerContainerReceivedHandler, ...receiptNoticeParts.controllers],
      providers: [
        { provide: RECEIPTS_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        documentStoreProvider(config.DOCUMENT_STORE_DIR),
        receiptSignerProvider(OPERATOR_SIGNER, 'OPERATOR_SIGNING_KEY', config.OPERATOR_SIGNING_KEY),
        answerTrustProvider(config),
        // The only code that touches the database: repositories, and the door to transactions.
        Transactions,
        ReceiptsRepository,
        ForwardedDocflowsRepository,
        TransferPartsRepository,
        ContainerReceiver,
        ReceiptRecorder,
        ReceiptIssuingService,
        ContainerForwarding,
        AnswerReceivingService,
        ...receiptNoticeParts.providers,
      ],
    };
  }
}
