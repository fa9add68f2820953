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

  /** The API key that asked; a client key is granted the subscriber once it is registered. */
  @Column({ name: 'requested_by_key_id', type: 'uuid', nullable: true })
  requestedByKeyId!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
