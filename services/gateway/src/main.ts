import { loadConfig } from '@tks/config';
import { bootstrapService, runService } from '@tks/platform';
import { gatewayConfigSchema } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { configureHttp } from './http/configure-http';
import { applyHttpTimeouts } from './http/http-timeouts';
import type { Server } from 'node:http';

runService(async () => {
  const config = loadConfig(gatewayConfigSchema);
  await bootstrapService({
    service: 'gateway',
    databaseUrl: config.DATABASE_URL,
    brokers: config.KAFKA_BROKERS,
    module: GatewayModule.register(config),
    http: {
      port: config.GATEWAY_PORT,
      host: config.GATEWAY_HOST,
      configure: (app) => {
        configureHttp(app);
        applyHttpTimeouts(app.getHttpServer() as Server, config);
      },
    },
  });
}, 'gateway');
