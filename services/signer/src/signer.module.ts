import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEntry, MessagingModule, OutboxMessage } from '@tks/messaging';
import { serviceDataSourceOptions } from '@tks/persistence';
import { documentSignerProvider, documentStoreProvider, TokenModule } from '@tks/platform';
import { Initial1732540000000 } from './migrations/1732540000000-initial';
import { SignerConfig } from './signer.config';
import { FilingSigningService } from './signing/filing-signing.service';
import { FilingSubmittedHandler } from './signing/filing-submitted.handler';
import { Signature } from './signing/signature.entity';

@Module({})
export class SignerModule {
  static register(config: SignerConfig): DynamicModule {
    return {
      module: SignerModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({
            url: config.DATABASE_URL,
            schema: 'signer',
            entities: [Signature, OutboxMessage, InboxEntry],
            migrations: [Initial1732540000000],
          }),
        ),
        MessagingModule.forService({ service: 'signer', brokers: config.KAFKA_BROKERS }),
        TokenModule.register(config),
      ],
      controllers: [FilingSubmittedHandler],
      providers: [
        documentStoreProvider(config.DOCUMENT_STORE_DIR),
        documentSignerProvider(config.SIGNER_KEY_LABEL),
        FilingSigningService,
      ],
    };
  }
}
