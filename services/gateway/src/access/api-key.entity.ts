import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who may call the API: an operator's own software (every subscriber), a client (bookkeeping
 * software or a reporting operator: its own set of subscribers) or an inspector (read-only, the
 * filings addressed to its tax offices).
 */
export type ApiKeyRole = 'operator' | 'client' | 'inspector';

/** An API key as the gateway keeps it: only the SHA-256 of the key, never the key. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryColumn({ name: 'key_id', type: 'uuid' })
  keyId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: ApiKeyRole;

  @Column({ name: 'key_sha256', type: 'char', length: 64 })
  keySha256!: string;

  @Column({ name: 'subscriber_ids', type: 'text', array: true, default: () => "'{}'" })
  subscriberIds!: string[];

  @Column({ name: 'tax_office_codes', type: 'text', array: true, default: () => "'{}'" })
  taxOfficeCodes!: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
