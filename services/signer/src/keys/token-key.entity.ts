import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A key pair the signer generated on the token for a subscriber; the private key stays there. */
@Entity({ name: 'token_keys' })
export class TokenKey {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @Column({ name: 'key_label', type: 'text' })
  keyLabel!: string;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'csr_pem', type: 'text' })
  csrPem!: string;

  @Column({ name: 'generated_at', type: 'timestamptz' })
  generatedAt!: Date;
}
