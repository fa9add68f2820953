import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CertificateRequested } from '@tks/contracts';

/** A certificate request the gateway forwarded to the registry, and the registry's decision. */
@Entity({ name: 'certificate_requests' })
export class CertificateRequest {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @Column('text')
  action!: CertificateRequested['action'];

  @Column('text')
  status!: 'pending' | 'applied' | 'rejected';

  @Column({ name: 'certificate_id', type: 'char', length: 64, nullable: true })
  certificateId!: string | null;

  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
