import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A request to generate a subscriber's key pair on the operator's HSM, and its answer. */
@Entity({ name: 'key_requests' })
export class KeyRequest {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @Column('text')
  status!: 'pending' | 'generated' | 'failed';

  @Column({ name: 'key_label', type: 'text', nullable: true })
  keyLabel!: string | null;

  @Column({ name: 'csr_pem', type: 'text', nullable: true })
  csrPem!: string | null;

  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
