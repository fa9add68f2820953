import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEntry, MessagingModule, OutboxMessage } from '@tks/messaging';
import { serviceDataSourceOptions } from '@tks/persistence';
import { REGISTRY_CONFIG, RegistryConfig } from './registry.config';
import { Initial1732540000000 } from './migrations/1732540000000-initial';
import { Certificates1732541000003 } from './migrations/1732541000003-certificates';
import { BoundCertificate } from './certificates/certificate.entity';
import { CertificateLifecycleService } from './certificates/certificate-lifecycle.service';
import { CertificateReevaluationService } from './certificates/certificate-reevaluation.service';
import { CertificateRequestsHandler } from './certificates/certificate-requests.handler';
import { CertificateRequestsService } from './certificates/certificate-requests.service';
import { CertificatesRepository } from './certificates/certificates.repository';
import { CLOCK, Clock, systemClock } from './certificates/clock';
import { SubscriberStatePublisher } from './certificates/subscriber-state.publisher';
import { TrustStoreService } from './certificates/trust-store.service';
import { Subscriber } from './subscribers/subscriber.entity';
import { SubscribersRepository } from './subscribers/subscribers.repository';
import { Transactions } from './persistence/transactions.repository';
import { SubscriberRegistrationHandler } from './subscribers/subscriber-registration.handler';
import { SubscriberRegistrationService, OPERATOR_CODE } from './subscribers/subscriber-registration.service';

@Module({})
export class RegistryModule {
  /** `clock` is replaced in tests that move time (expiry warnings, grace periods). */
  static register(config: RegistryConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({
            url: config.DATABASE_URL,
            schema: 'registry',
            entities: [Subscriber, BoundCertificate, OutboxMessage, InboxEntry],
            migrations: [Initial1732540000000, Certificates1732541000003],
          }),
        ),
        MessagingModule.forService({ service: 'registry', brokers: config.KAFKA_BROKERS }),
      ],
      controllers: [SubscriberRegistrationHandler, CertificateRequestsHandler],
      providers: [
        { provide: OPERATOR_CODE, useValue: config.OPERATOR_CODE },
        { provide: REGISTRY_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        // The only code that touches the database: repositories, and the door to transactions.
        Transactions,
        SubscribersRepository,
        CertificatesRepository,
        SubscriberStatePublisher,
        SubscriberRegistrationService,
        TrustStoreService,
        CertificateRequestsService,
        CertificateLifecycleService,
        // Issue 17: every reread of the trusted CAs and CRLs checks the bound certificates again.
        CertificateReevaluationService,
      ],
    };
  }
}
