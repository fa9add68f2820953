import {
  DynamicModule,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { CustomStrategy, KafkaOptions } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import { namespace } from '@tks/contracts';
import { EventConsumer } from './event-consumer';
import { createKafka, EventProducer } from './kafka-producer';
import { kafkaLogCreator } from './kafka-log';
import { OutboxRelay } from './outbox-relay';
import { TksKafkaServer } from './kafka-server';
import { CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_SESSION_TIMEOUT_MS } from './consumer-session';
import { pruneMessagingTables } from './housekeeping';

const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;

export interface MessagingSettings {
  service: string;
  brokers: string[];
}

const SETTINGS = Symbol('MESSAGING_SETTINGS');
export const KAFKA = Symbol('KAFKA');

/**
 * Starts the relay once the app is up. At shutdown the consumers are already closed (see
 * closeOnSignals), so the final drain publishes what their last handlers queued; it runs before
 * TypeORM closes the data source in its own shutdown hook.
 */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  constructor(
    private readonly producer: EventProducer,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
  ) {}

  private housekeeping: NodeJS.Timeout | null = null;

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    this.relay.start();
    this.housekeeping = setInterval(() => {
      pruneMessagingTables(this.dataSource).catch((error: unknown) =>
        this.logger.warn(`housekeeping: ${String(error)}`),
      );
    }, HOUSEKEEPING_INTERVAL_MS);
    this.housekeeping.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.housekeeping) clearInterval(this.housekeeping);
    await this.relay.stop();
    await this.relay
      .publishPending()
      .catch((error: unknown) => this.logger.warn(`final drain: ${String(error)}`));
    await this.producer.disconnect();
  }
}

/** The service's producer, outbox relay and inbox consumer, wired to its own data source. */
@Module({})
export class MessagingModule {
  static forService(settings: MessagingSettings): DynamicModule {
    const logger = new Logger('Messaging');
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: SETTINGS, useValue: settings },
        { provide: KAFKA, useFactory: () => createKafka(settings.service, settings.brokers) },
        { provide: EventProducer, useFactory: (kafka: Kafka) => new EventProducer(kafka), inject: [KAFKA] },
        {
          provide: OutboxRelay,
          useFactory: (ds: DataSource, producer: EventProducer) =>
            new OutboxRelay(ds, producer, {
              lockName: `tks.outbox.${settings.service}`,
              onError: (error) => logger.error(`outbox relay: ${String(error)}`),
            }),
          inject: [DataSource, EventProducer],
        },
        {
          provide: EventConsumer,
          useFactory: (ds: DataSource, producer: EventProducer, relay: OutboxRelay) =>
            new EventConsumer(ds, producer, {
              service: settings.service,
              afterCommit: () => relay.kick(),
              onError: (error, fields) =>
                logger.warn(
                  JSON.stringify({ message: `event handling failed: ${String(error)}`, ...fields }),
                ),
            }),
          inject: [DataSource, EventProducer, OutboxRelay],
        },
        MessagingLifecycle,
      ],
      exports: [KAFKA, EventProducer, OutboxRelay, EventConsumer],
    };
  }
}

/** Options of the Nest Kafka transport the service consumes with; group = service name. */
export function kafkaConsumerOptions(settings: MessagingSettings): Required<KafkaOptions>['options'] {
  return {
    postfixId: '',
    client: {
      clientId: settings.service,
      brokers: settings.brokers,
      retry: { retries: 8 },
      logCreator: kafkaLogCreator(settings.service),
    },
    consumer: {
      groupId: namespace + settings.service,
      allowAutoTopicCreation: false,
      sessionTimeout: CONSUMER_SESSION_TIMEOUT_MS,
      heartbeatInterval: CONSUMER_HEARTBEAT_INTERVAL_MS,
    },
    subscribe: { fromBeginning: true },
    run: { autoCommit: true },
    producerOnlyMode: false,
  };
}

/** The transport as a custom strategy: Nest's Kafka server that shares each message's origin. */
export function kafkaTransportOptions(settings: MessagingSettings): CustomStrategy {
  return { strategy: new TksKafkaServer(kafkaConsumerOptions(settings)) };
}
