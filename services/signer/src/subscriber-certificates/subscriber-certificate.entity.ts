import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CertificateState } from '@tks/contracts';

/**
 * The signer's copy of one certificate of a subscriber, as the registry's compacted state topic
 * last said: what a cloud signature may be made with (issue 10). The signer's own read model; it
 * never reads the registry's or the gateway's tables.
 */
@Entity({ name: 'subscriber_certificates' })
export class SubscriberCertificate {
  @PrimaryColumn({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @PrimaryColumn({ name: 'certificate_id', type: 'char', length: 64 })
  certificateId!: string;

  @Column('jsonb')
  state!: CertificateState;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
