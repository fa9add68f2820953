import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CertificateState } from '@tks/contracts';

/** The gateway's copy of one certificate of a subscriber, as the registry's state topic last said. */
@Entity({ name: 'subscriber_certificates' })
export class CertificateView {
  @PrimaryColumn({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @PrimaryColumn({ name: 'certificate_id', type: 'char', length: 64 })
  certificateId!: string;

  @Column('text')
  lifecycle!: CertificateState['lifecycle'];

  @Column({ name: 'bound_at', type: 'timestamptz' })
  boundAt!: Date;

  @Column('jsonb')
  state!: CertificateState;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
