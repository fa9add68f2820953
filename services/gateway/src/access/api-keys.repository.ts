import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { Transaction } from '../persistence/transactions.repository';
import { ApiKeyRecord, upsertApiKey } from './api-key-records';
import { ApiKey, type ApiKeyRole } from './api-key.entity';
import type { Principal } from './principal';

/**
 * API keys (api_keys). The statements that api-key-admin (a command without the Nest module) runs
 * too live in api-key-records.ts, and this repository runs them on the gateway's connection.
 */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The key with this SHA-256, unless revoked. */
  findActive(keySha256: string): Promise<ApiKey | null> {
    return this.dataSource.getRepository(ApiKey).findOneBy({ keySha256, revokedAt: IsNull() });
  }

  upsert(record: ApiKeyRecord): Promise<void> {
    return upsertApiKey((sql, parameters) => this.dataSource.query(sql, parameters), record);
  }

  /** The key as the events feed scopes it; null once the key is revoked or gone. */
  async activePrincipal(keyId: string, tx?: Transaction): Promise<Principal | null> {
    const [key] = (await (tx ?? this.dataSource).query(
      `SELECT key_id, name, role, subscriber_ids, tax_office_codes FROM gateway.api_keys
      WHERE key_id = $1 AND revoked_at IS NULL`,
      [keyId],
    )) as Array<{
      key_id: string;
      name: string;
      role: ApiKeyRole;
      subscriber_ids: string[];
      tax_office_codes: string[];
    }>;
    if (!key) return null;
    return {
      keyId: key.key_id,
      name: key.name,
      role: key.role,
      subscriberIds: new Set(key.subscriber_ids),
      taxOfficeCodes: new Set(key.tax_office_codes),
    };
  }

  /**
   * A subscriber a client key registered is that key's to file for and to manage, as
   * `api-key-admin grant` would make it; an operator key needs no grant. Only the registration that
   * created the subscriber grants it (the registry refuses a second registration of the same INN/KPP).
   */
  async grantToRegisteringClient(
    tx: Transaction,
    registrationId: string,
    subscriberId: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE gateway.api_keys k
        SET subscriber_ids = ARRAY(SELECT DISTINCT unnest(k.subscriber_ids || ARRAY[$2]::text[]))
       FROM gateway.subscriber_registrations r
      WHERE r.registration_id = $1 AND r.requested_by_key_id = k.key_id AND k.role = 'client'`,
      [registrationId, subscriberId],
    );
  }
}
