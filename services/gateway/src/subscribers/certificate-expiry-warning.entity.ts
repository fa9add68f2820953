import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An expiry warning the registry published, kept so the API can show it. */
@Entity({ name: 'certificate_expiry_warnings' })
export class CertificateExpiryWarningView {
  @PrimaryColumn({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @PrimaryColumn({ name: 'certificate_id', type: 'char', length: 64 })
  certificateId!: string;

  @PrimaryColumn({ name: 'threshold_days', type: 'integer' })
  thresholdDays!: number;

  @Column({ name: 'days_left', type: 'integer' })
  daysLeft!: number;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter!: Date;

  @Column({ name: 'warned_at', type: 'timestamptz' })
  warnedAt!: Date;
}
