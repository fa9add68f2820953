import { loadConfig } from '@tks/config';
import { bootstrapService, runService } from '@tks/platform';
import { registryConfigSchema } from './registry.config';
import { RegistryModule } from './registry.module';

runService(async () => {
  // TRUSTED_CA_DIR defaults to the local test CA's directory (TKS_PKI_DIR, see infra/env.sh).
  const config = loadConfig(registryConfigSchema, {
    TRUSTED_CA_DIR: process.env.TKS_PKI_DIR,
    ...process.env,
  });
  await bootstrapService({
    service: 'registry',
    databaseUrl: config.DATABASE_URL,
    brokers: config.KAFKA_BROKERS,
    module: RegistryModule.register(config),
  });
}, 'registry');
