import { loadConfig } from '@tks/config';
import { bootstrapService, runService } from '@tks/platform';
import { receiptsConfigSchema } from './receipts.config';
import { ReceiptsModule } from './receipts.module';

runService(async () => {
  const config = loadConfig(receiptsConfigSchema);
  await bootstrapService({
    service: 'receipts',
    databaseUrl: config.DATABASE_URL,
    brokers: config.KAFKA_BROKERS,
    module: ReceiptsModule.register(config),
  });
}, 'receipts');
