import { delimiter, join } from 'node:path';
import { loadConfig } from '@tks/config';
import { bootstrapService, runService } from '@tks/platform';
import { registryConfigSchema } from './registry.config';
import { RegistryModule } from './registry.module';

runService(async () => {
  // TRUSTED_CA_DIR defaults to the local test CAs' directories (TKS_PKI_DIR, see infra/env.sh):
  // the ECDSA one and the GOST one (infra/pki/init-gost-keys.sh) beside it.
  const pki = process.env.TKS_PKI_DIR;
  const config = loadConfig(registryConfigSchema, {
    TRUSTED_CA_DIR: pki && [pki, join(pki, 'gost')].join(delimiter),
    ...process.env,
  });
  await bootstrapService({
    service: 'registry',
    databaseUrl: config.DATABASE_URL,
    brokers: config.KAFKA_BROKERS,
    module: RegistryModule.register(config),
  });
}, 'registry');
