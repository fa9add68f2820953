import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registration the gateway forwarded to the registry, and the registry's answer once it came. */
@Entity({ name: 'subscriber_registrations' })
export class SubscriberRegistration {
  @PrimaryColumn({ name: 'registration_id', type: 'uuid' })
  registrationId!: string;

  @Column('text')
  status!: 'pending' | 'registered' | 'rejected';

  @Column({ name: 'subscriber_id', type: 'varchar', length: 46, nullable: true })
  subscriberId!: string | null;

  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
