import { loadConfig } from '@tks/config';
import { bootstrapService, runService } from '@tks/platform';
import { registryConfigSchema } from './registry.config';
import { RegistryModule } from './registry.module';

runService(async () => {
  const config = loadConfig(registryConfigSchema);
  await bootstrapService({
    service: 'registry',
    databaseUrl: config.DATABASE_URL,
    brokers: config.KAFKA_BROKERS,
    module: RegistryModule.register(config),
  });
}, 'registry');
