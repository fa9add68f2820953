import {
  DynamicModule,
  Inject,
  Injectable,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { collectDefaultMetrics, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { namespace } from '@tks/contracts';
import { BrokerProbe } from './broker-probe';
import { BROKER_PROBE, HealthController } from './health.controller';
import { httpMetrics } from './http-metrics';
import { watchMessaging } from './messaging-gauges';
import { MetricsController } from './metrics.controller';

const SERVICE = Symbol('OBSERVED_SERVICE');

// Process metrics (CPU, memory, event-loop lag, GC) once per process, under the same prefix.
let defaultsCollected = false;
function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ prefix: 'tks_', register });
}

/** Adds this application's outbox and consumer group to the gauges while it runs. */
@Injectable()
class MessagingWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private unwatch: (() => void) | null = null;
  constructor(
    @Inject(SERVICE) private readonly service: string,
    @Inject(BROKER_PROBE) private readonly probe: BrokerProbe,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.unwatch = watchMessaging({
      service: this.service,
      dataSource: this.dataSource,
      probe: this.probe,
      groupId: namespace + this.service,
    });
  }

  onApplicationShutdown(): void {
    this.unwatch?.();
  }
}

/**
 * `/metrics` (Prometheus) and `/health/live`, `/health/ready` (Terminus) for one service, plus
 * the count and duration of every HTTP request. Imported by service-bootstrap.ts for each of the
 * four services; the service's own module provides the DataSource.
 */
@Module({})
export class ObservabilityModule implements NestModule {
  static forService(service: string, brokers: string[]): DynamicModule {
    collectProcessMetrics();
    return {
      module: ObservabilityModule,
      // Failed checks are answered 503 with the reason; logging them too would repeat every probe.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE, useValue: service },
        { provide: BROKER_PROBE, useValue: new BrokerProbe(service, brokers) },
        MessagingWatch,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetrics).forRoutes('{*path}');
  }
}
