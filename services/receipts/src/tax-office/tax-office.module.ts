import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEntry, MessagingModule, OutboxMessage } from '@tks/messaging';
import { serviceDataSourceOptions } from '@tks/persistence';
import { SigningModule, usesToken } from '@tks/platform';
import { DocumentStore } from '@tks/storage';
import { TransferPart } from '../channel/transfer-part.entity';
import { ContainerReceiver } from '../channel/container-receiving';
import { transferPartsMigration } from '../channel/transfer-parts.migration';
import { TransferPartsRepository } from '../channel/transfer-parts.repository';
import { CLOCK, systemClock } from '../documents/clock';
import { Transactions } from '../persistence/transactions.repository';
import { AnswerIssuer, TAX_OFFICE_SIGNER, TAX_OFFICE_STORE } from './answer-issuer';
import { ContainerIntakeService } from './container-intake.service';
import { ContainerReceivedHandler } from './container-received.handler';
import { IssuedAnswer } from './issued-answer.entity';
import { IssuedAnswersRepository } from './issued-answers.repository';
import { TaxOffice1732542000000 } from './migrations/1732542000000-tax-office';
import { RegisteredSigners1732542000010 } from './migrations/1732542000010-registered-signers';
import { RegisteredSigner } from './registered-signers/registered-signer.entity';
import { RegisteredSignersRepository } from './registered-signers/registered-signers.repository';
import { RegisteredSignersService } from './registered-signers/registered-signers.service';
import { TaxOfficeSubscriberStateHandler } from './registered-signers/subscriber-state.handler';
import { recipientKeyProvider } from './recipient-key.provider';
import { TaxOfficeAnswerService } from './tax-office-answer.service';
import { taxOfficeCheckContextProvider } from './tax-office-check-context.provider';
import { TAX_OFFICE_CONFIG, TaxOfficeConfig } from './tax-office.config';
import { documentSignerProvider } from '@tks/platform';

/**
 * The simulated tax office, an application of its own beside the operator's in the receipts
 * process: its own schema (tax_office) with its own outbox and inbox, its own consumer group, its
 * own document store and keys. It learns about a filing only from the containers on the channel.
 */
@Module({})
export class TaxOfficeModule {
  static register(config: TaxOfficeConfig): DynamicModule {
    return {
      module: TaxOfficeModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({
            url: config.DATABASE_URL,
            schema: 'tax_office',
            entities: [IssuedAnswer, RegisteredSigner, TransferPart, OutboxMessage, InboxEntry],
            migrations: [
              TaxOffice1732542000000,
              transferPartsMigration('tax_office'),
              RegisteredSigners1732542000010,
            ],
            poolSize: 5,
          }),
        ),
        MessagingModule.forService({ service: 'tax-office', brokers: config.KAFKA_BROKERS }),
        SigningModule.register(config, { openToken: usesToken(config.TAX_OFFICE_SIGNING_KEY) }),
      ],
      controllers: [ContainerReceivedHandler, TaxOfficeSubscriberStateHandler],
      providers: [
        { provide: TAX_OFFICE_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        {
          provide: TAX_OFFICE_STORE,
          useFactory: async () => {
            const store = new DocumentStore(config.TAX_OFFICE_STORE_DIR);
            await store.init();
            return store;
          },
        },
        documentSignerProvider('TAX_OFFICE_SIGNING_KEY', config.TAX_OFFICE_SIGNING_KEY, TAX_OFFICE_SIGNER),
        recipientKeyProvider(config),
        taxOfficeCheckContextProvider(config),
        // The only code that touches the tax office's database: repositories, and the door to
        // transactions (on the tax_office schema: this application's own DataSource).
        Transactions,
        IssuedAnswersRepository,
        RegisteredSignersRepository,
        TransferPartsRepository,
        ContainerReceiver,
        AnswerIssuer,
        RegisteredSignersService,
        TaxOfficeAnswerService,
        ContainerIntakeService,
      ],
    };
  }
}
