import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { readApiKeysFile } from './api-key-records';
import { ApiKeysRepository } from './api-keys.repository';

/** Applies API_KEYS_FILE (hashes only) to the api_keys table at start, after the migrations. */
@Injectable()
export class ApiKeyProvisioner implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    private readonly apiKeys: ApiKeysRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const path = this.config.API_KEYS_FILE;
    if (!path) return;
    const records = readApiKeysFile(path);
    for (const record of records) await this.apiKeys.upsert(record);
    this.logger.log(`applied ${records.length} API keys from API_KEYS_FILE`);
  }
}
