import { Provider } from '@nestjs/common';
import { DocumentStore } from '@tks/storage';
import { loadSchemaRegistry, validateAgainstXsd } from '@tks/xml';
import { ApiKeyProvisioner } from '../access/api-key-provisioner';
import { ApiKey } from '../access/api-key.entity';
import { ApiKeyGuard } from '../access/api-key.guard';
import { ApiKeysRepository } from '../access/api-keys.repository';
import { EventsController } from '../feed/events.controller';
import { EventsFeedRepository } from '../feed/events-feed.repository';
import { FeedSequencer } from '../feed/feed-sequencer';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { IntakeAccess1732541000005 } from '../migrations/1732541000005-intake-access';
import { TaxpayerSignature1732541000100 } from '../migrations/1732541000100-taxpayer-signature';
import { FilingConsentService } from './filing-consent.service';
import { IdempotentReplay } from './idempotent-replay';
import { UploadJanitor } from './upload-janitor';
import { DeclarationValidator } from '../validation/declaration-validator';

/**
 * The schemas are read and compiled at start: a broken schema folder stops the gateway with its
 * name instead of refusing every declaration of that form later.
 */
const declarationValidatorProvider: Provider = {
  provide: DeclarationValidator,
  inject: [GATEWAY_CONFIG, DocumentStore],
  useFactory: (config: GatewayConfig, store: DocumentStore) => {
    const registry = loadSchemaRegistry(config.SCHEMA_DIR);
    for (const schema of registry.all) validateAgainstXsd('<compile/>', schema.xsdPath);
    return new DeclarationValidator(store, registry, { inMemoryMaxBytes: config.XSD_IN_MEMORY_MAX_BYTES });
  },
};

/** What issue 5 (intake, validation, list, events feed, API keys) and issue 10 (consent) add to the gateway module. */
export const intakeParts = {
  entities: [ApiKey],
  migrations: [IntakeAccess1732541000005, TaxpayerSignature1732541000100],
  controllers: [EventsController],
  providers: [
    declarationValidatorProvider,
    FeedSequencer,
    ApiKeyGuard,
    ApiKeyProvisioner,
    ApiKeysRepository,
    EventsFeedRepository,
    // Issue 10: the subscriber's consent to a cloud signature of a filing.
    FilingConsentService,
    // Issue 17: a reused Idempotency-Key with another body is refused; unrecorded uploads are discarded.
    IdempotentReplay,
    UploadJanitor,
  ],
};
