import { loadConfig } from '@tks/config';
import { bootstrapServices, runService } from '@tks/platform';
import { receiptsConfigSchema } from './receipts.config';
import { ReceiptsModule } from './receipts.module';
import { taxOfficeConfigSchema } from './tax-office/tax-office.config';
import { TaxOfficeModule } from './tax-office/tax-office.module';

/**
 * Two applications in one process: the operator's receipts (schema receipts) and the simulated tax
 * office (schema tax_office), which share nothing but the Kafka channel between them.
 */
runService(async () => {
  const config = loadConfig(receiptsConfigSchema);
  const taxOffice = loadConfig(taxOfficeConfigSchema);
  await bootstrapServices('receipts', [
    {
      service: 'receipts',
      databaseUrl: config.DATABASE_URL,
      brokers: config.KAFKA_BROKERS,
      module: ReceiptsModule.register(config),
    },
    {
      service: 'tax-office',
      schema: 'tax_office',
      databaseUrl: taxOffice.DATABASE_URL,
      brokers: taxOffice.KAFKA_BROKERS,
      module: TaxOfficeModule.register(taxOffice),
    },
  ]);
}, 'receipts');
