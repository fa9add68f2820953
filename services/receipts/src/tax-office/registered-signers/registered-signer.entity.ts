import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CertificateState, SubscriberKind } from '@tks/contracts';

/**
 * A qualified certificate registered with the tax authority for a taxpayer, as the tax office
 * knows it: the tax authority's own register (published on the compacted subscriber state topic,
 * where the registry records each registration), kept in the tax office's own schema.
 */
@Entity({ name: 'registered_signers' })
export class RegisteredSigner {
  @PrimaryColumn({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @PrimaryColumn({ name: 'certificate_id', type: 'char', length: 64 })
  certificateId!: string;

  /** Whom the registration names: the declaration's signer must be this taxpayer. */
  @Column('jsonb')
  taxpayer!: { kind: SubscriberKind; inn: string; ogrn?: string };

  @Column('jsonb')
  state!: CertificateState;
}
