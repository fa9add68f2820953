import { loadConfig } from '@tks/config';
import { bootstrapService, runService } from '@tks/platform';
import { signerConfigSchema } from './signer.config';
import { SignerModule } from './signer.module';

runService(async () => {
  const config = loadConfig(signerConfigSchema);
  await bootstrapService({
    service: 'signer',
    databaseUrl: config.DATABASE_URL,
    brokers: config.KAFKA_BROKERS,
    module: SignerModule.register(config),
  });
}, 'signer');
