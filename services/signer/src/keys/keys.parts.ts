import { TokenKeys1732541000002 } from '../migrations/1732541000002-token-keys';
import { KeyGenerationHandler } from './key-generation.handler';
import { KeyGenerationService } from './key-generation.service';
import { TokenKey } from './token-key.entity';
import { TokenKeysRepository } from './token-keys.repository';

/** Key generation on the token for subscribers (issue 3), wired into SignerModule. */
export const keysParts = {
  entities: [TokenKey],
  migrations: [TokenKeys1732541000002],
  controllers: [KeyGenerationHandler],
  providers: [TokenKeysRepository, KeyGenerationService],
};
