import 'reflect-metadata';
import { DynamicModule, INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { allTopics } from '@tks/contracts';
import { JsonLogger } from '@tks/config';
import { createKafka, ensureTopics, kafkaTransportOptions } from '@tks/messaging';
import { prepareDatabase } from '@tks/persistence';

export interface ServiceBootstrap {
  service: string;
  databaseUrl: string;
  brokers: string[];
  module: DynamicModule;
  /** Set for services with an HTTP API; the others run as plain Kafka microservices. */
  http?: { port: number; host?: string; configure?: (app: INestApplication) => void | Promise<void> };
}

/**
 * Brings a service up in a fixed order: schema, topics, Nest app, consumers, then HTTP. SIGTERM
 * closes it in reverse: HTTP and consumers stop taking work, in-flight handlers finish, consumers
 * leave their group, the outbox drains, connections close.
 */
export async function bootstrapService(options: ServiceBootstrap): Promise<INestApplicationContext> {
  const logger = new JsonLogger(options.service);
  await prepareDatabase(options.databaseUrl, options.service);
  await ensureTopics(createKafka(`${options.service}-admin`, options.brokers), allTopics);

  const transport = kafkaTransportOptions({ service: options.service, brokers: options.brokers });
  if (options.http) {
    const app = await NestFactory.create(options.module, { logger, bodyParser: false });
    app.enableShutdownHooks();
    await options.http.configure?.(app);
    app.connectMicroservice<MicroserviceOptions>(transport);
    await app.startAllMicroservices();
    await app.listen(options.http.port, options.http.host ?? '0.0.0.0');
    logger.event('info', 'service started', { port: options.http.port });
    return app;
  }
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(options.module, { ...transport, logger });
  app.enableShutdownHooks();
  await app.listen();
  logger.event('info', 'service started', {});
  return app;
}

/** Exits with the reason when start-up fails, so a supervisor restarts or an operator reads why. */
export function runService(start: () => Promise<unknown>, service: string): void {
  start().catch((error: unknown) => {
    new JsonLogger(service).event('error', 'start-up failed', {
      error: error instanceof Error ? error.message : String(error),
    });
    process.exit(1);
  });
}
