import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEntry, MessagingModule, OutboxMessage } from '@tks/messaging';
import { serviceDataSourceOptions } from '@tks/persistence';
import { RegistryConfig } from './registry.config';
import { Initial1732540000000 } from './migrations/1732540000000-initial';
import { Subscriber } from './subscribers/subscriber.entity';
import { SubscriberRegistrationHandler } from './subscribers/subscriber-registration.handler';
import { SubscriberRegistrationService, OPERATOR_CODE } from './subscribers/subscriber-registration.service';

@Module({})
export class RegistryModule {
  static register(config: RegistryConfig): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({
            url: config.DATABASE_URL,
            schema: 'registry',
            entities: [Subscriber, OutboxMessage, InboxEntry],
            migrations: [Initial1732540000000],
          }),
        ),
        MessagingModule.forService({ service: 'registry', brokers: config.KAFKA_BROKERS }),
      ],
      controllers: [SubscriberRegistrationHandler],
      providers: [{ provide: OPERATOR_CODE, useValue: config.OPERATOR_CODE }, SubscriberRegistrationService],
    };
  }
}
