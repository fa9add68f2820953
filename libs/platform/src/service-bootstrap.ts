import 'reflect-metadata';
import { DynamicModule, INestApplication, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { allTopics } from '@tks/contracts';
import { ConfigError, JsonLogger } from '@tks/config';
import { isTokenPinProblem } from '@tks/crypto';
import { createKafka, ensureTopicsSettled, kafkaTransportOptions } from '@tks/messaging';
import { prepareDatabase } from '@tks/persistence';
import type { AddressInfo } from 'node:net';
import { ObservabilityModule, observabilitySettings } from './observability';
import { EXIT_CONFIG } from './configuration-exit';
import { installProcessGuard } from './process-guard';

export interface ServiceBootstrap {
  service: string;
  /** The service's PostgreSQL schema; default its name. */
  schema?: string;
  databaseUrl: string;
  brokers: string[];
  module: DynamicModule;
  /**
   * Set for services with an HTTP API, which also serves /metrics and /health/*; the others answer
   * only those on a small listener of their own (observability-settings.ts).
   */
  http?: { port: number; host?: string; configure?: (app: INestApplication) => void | Promise<void> };
}

/**
 * Brings a service up in a fixed order: schema, topics, Nest app, consumers, then HTTP. SIGTERM
 * closes it in reverse: HTTP and consumers stop taking work, in-flight handlers finish, consumers
 * leave their group, the outbox drains, connections close.
 */
export async function bootstrapService(options: ServiceBootstrap): Promise<INestApplicationContext> {
  return bootstrapServices(options.service, [options]);
}

/**
 * Several applications in one process, each with its own module, schema, outbox, inbox and consumer
 * group (the receipts service hosts the simulated tax office so, apart from the operator's side):
 * all are started before "service started" is logged, and a signal closes them all.
 */
export async function bootstrapServices(
  name: string,
  list: readonly ServiceBootstrap[],
): Promise<INestApplicationContext> {
  const logger = new JsonLogger(name);
  const apps: INestApplicationContext[] = [];
  // The first application answers HTTP; metrics are per process, so they include the others'.
  for (const [index, options] of list.entries())
    apps.push(await startApplication(options, logger, index === 0));
  closeOnSignals(apps, logger);
  const first = apps[0];
  const port =
    'getHttpServer' in first
      ? ((first as INestApplication).getHttpServer().address() as AddressInfo).port
      : undefined;
  logger.event('info', 'service started', list[0].http ? { port } : { metricsPort: port });
  return first;
}

/** The service's module with /metrics and /health/* beside it. */
function observed(options: ServiceBootstrap): DynamicModule {
  class ObservedService {}
  Module({})(ObservedService);
  return {
    module: ObservedService,
    imports: [options.module, ObservabilityModule.forService(options.service, options.brokers)],
  };
}

async function startApplication(
  options: ServiceBootstrap,
  logger: JsonLogger,
  answersHttp: boolean,
): Promise<INestApplicationContext> {
  await prepareDatabase(options.databaseUrl, options.schema ?? options.service);
  await ensureTopicsSettled(createKafka(`${options.service}-admin`, options.brokers), allTopics);

  const transport = kafkaTransportOptions({ service: options.service, brokers: options.brokers });
  const http = options.http ?? (answersHttp ? observabilitySettings(options.service) : undefined);
  if (http) {
    const app = await NestFactory.create(observed(options), { logger, bodyParser: false });
    await options.http?.configure?.(app);
    app.connectMicroservice<MicroserviceOptions>(transport);
    await app.startAllMicroservices();
    await app.listen(http.port, http.host ?? '0.0.0.0');
    return app;
  }
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(observed(options), {
    ...transport,
    logger,
  });
  await app.listen();
  return app;
}

/**
 * SIGTERM/SIGINT close the app (Nest's shutdown hooks run, consumers leave their group) and the
 * process exits 0; a close that hangs past the grace period exits 1 so a supervisor notices.
 */
function closeOnSignals(
  apps: readonly INestApplicationContext[],
  logger: JsonLogger,
  graceMs = 25_000,
): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.event('info', 'shutting down', { signal });
    const timer = setTimeout(() => {
      logger.event('error', 'shutdown timed out', { graceMs });
      process.exit(1);
    }, graceMs);
    // Consumers stop first, so in-flight handlers finish and their events are drained by the
    // outbox relay before the data source closes.
    const microservices = apps.flatMap((app) =>
      'getMicroservices' in app ? (app as INestApplication).getMicroservices() : [],
    );
    // Marked terminated so that closing the consumer does not also run the app's shutdown hooks;
    // app.close() runs them once, afterwards.
    Promise.all(
      microservices.map((m) => {
        (m as { setIsTerminated?: (terminated: boolean) => void }).setIsTerminated?.(true);
        return m.close();
      }),
    )
      .then(() => Promise.all(apps.map((app) => app.close())))
      .then(
        () => {
          clearTimeout(timer);
          logger.event('info', 'stopped', {});
          process.exit(0);
        },
        (error: unknown) => {
          logger.event('error', 'shutdown failed', { error: String(error) });
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

/**
 * Exits with the reason when start-up fails, so a supervisor restarts or an operator reads why: a
 * wrong or missing setting (or the token's PIN) with EX_CONFIG, which is not restarted, anything
 * else with 1.
 */
export function runService(start: () => Promise<unknown>, service: string): void {
  installProcessGuard(service, new JsonLogger(service), process);
  start().catch((error: unknown) => {
    const configuration = error instanceof ConfigError || isTokenPinProblem(error);
    new JsonLogger(service).event('error', 'start-up failed', {
      error: error instanceof Error ? error.message : String(error),
      ...(configuration ? { exitCode: EXIT_CONFIG, restart: false } : {}),
    });
    process.exit(configuration ? EXIT_CONFIG : 1);
  });
}
