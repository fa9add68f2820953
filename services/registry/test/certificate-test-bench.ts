import { DataSource } from 'typeorm';
import { InboxEntry, OutboxMessage, OutboxRelay } from '@tks/messaging';
import { prepareDatabase, serviceDataSourceOptions } from '@tks/persistence';
import { BoundCertificate } from '../src/certificates/certificate.entity';
import { CertificateRequestsService } from '../src/certificates/certificate-requests.service';
import { CertificatesRepository } from '../src/certificates/certificates.repository';
import { SubscriberStatePublisher } from '../src/certificates/subscriber-state.publisher';
import { TrustStoreService } from '../src/certificates/trust-store.service';
import { Initial1732540000000 } from '../src/migrations/1732540000000-initial';
import { Certificates1732541000003 } from '../src/migrations/1732541000003-certificates';
import { Transactions } from '../src/persistence/transactions.repository';
import { RegistryConfig } from '../src/registry.config';
import { Subscriber } from '../src/subscribers/subscriber.entity';
import { SubscribersRepository } from '../src/subscribers/subscribers.repository';

/** The registry's certificate services on a database of the test's own, wired as the module wires them. */
export interface CertificateTestBench {
  config: RegistryConfig;
  dataSource: DataSource;
  transactions: Transactions;
  trust: TrustStoreService;
  certificates: CertificatesRepository;
  states: SubscriberStatePublisher;
  requests: CertificateRequestsService;
  /** The relay is only woken after a commit; these tests read the outbox table instead of the topic. */
  relay: OutboxRelay;
}

export async function openCertificateTestBench(options: {
  url: string;
  kafkaBrokers: string[];
  trustedCaDir: string;
  clock: () => Date;
}): Promise<CertificateTestBench> {
  const config: RegistryConfig = {
    DATABASE_URL: options.url,
    KAFKA_BROKERS: options.kafkaBrokers,
    OPERATOR_CODE: '2TK',
    TRUSTED_CA_DIR: options.trustedCaDir,
    TRUSTED_CA_RELOAD_INTERVAL_MS: 3_600_000,
    TAX_AUTHORITY_REGISTRATION_DELAY_MS: 60_000,
    CERTIFICATE_EXPIRY_WARNING_DAYS: [30, 14, 5],
    CERTIFICATE_SCAN_INTERVAL_MS: 1000,
  };
  await prepareDatabase(options.url, 'registry');
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: options.url,
      schema: 'registry',
      entities: [Subscriber, BoundCertificate, OutboxMessage, InboxEntry],
      migrations: [Initial1732540000000, Certificates1732541000003],
    }),
  );
  await dataSource.initialize();
  const trust = new TrustStoreService(config);
  const certificates = new CertificatesRepository();
  const subscribers = new SubscribersRepository();
  const states = new SubscriberStatePublisher(subscribers, certificates);
  const requests = new CertificateRequestsService(trust, options.clock, certificates, subscribers, states);
  const relay = { kick: () => undefined } as unknown as OutboxRelay;
  return {
    config,
    dataSource,
    transactions: new Transactions(dataSource),
    trust,
    certificates,
    states,
    requests,
    relay,
  };
}
