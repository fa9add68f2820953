import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CertificateState } from '@tks/contracts';

export type CertificateLifecycle = CertificateState['lifecycle'];
export type CertificateCheckStatus = CertificateState['status'];
export type TaxAuthorityStatus = CertificateState['taxAuthority']['status'];

/** A qualified certificate bound to a subscriber, with its check and its life cycle. */
@Entity({ name: 'certificates' })
export class BoundCertificate {
  @PrimaryColumn({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @PrimaryColumn({ name: 'certificate_id', type: 'char', length: 64 })
  certificateId!: string;

  @Column('bytea')
  der!: Buffer;

  @Column({ name: 'serial_number', type: 'text' })
  serialNumber!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  issuer!: string;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter!: Date;

  @Column({ name: 'public_key_algorithm', type: 'text' })
  publicKeyAlgorithm!: string;

  @Column('jsonb')
  identity!: CertificateState['identity'];

  @Column({ name: 'subject_sign_tool', type: 'text', nullable: true })
  subjectSignTool!: string | null;

  @Column('text')
  lifecycle!: CertificateLifecycle;

  @Column({ name: 'usable_until', type: 'timestamptz', nullable: true })
  usableUntil!: Date | null;

  @Column('text')
  status!: CertificateCheckStatus;

  @Column({ name: 'status_detail', type: 'text', nullable: true })
  statusDetail!: string | null;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt!: Date;

  @Column({ name: 'tax_authority_status', type: 'text' })
  taxAuthorityStatus!: TaxAuthorityStatus;

  @Column({ name: 'tax_authority_decided_at', type: 'timestamptz', nullable: true })
  taxAuthorityDecidedAt!: Date | null;

  @Column({ name: 'tax_authority_duration_ms', type: 'integer', nullable: true })
  taxAuthorityDurationMs!: number | null;

  @Column({ name: 'tax_authority_reason_code', type: 'text', nullable: true })
  taxAuthorityReasonCode!: string | null;

  @Column({ name: 'tax_authority_reason', type: 'text', nullable: true })
  taxAuthorityReason!: string | null;

  @Column({ name: 'expiry_warnings', type: 'integer', array: true })
  expiryWarnings!: number[];

  @Column({ name: 'bound_at', type: 'timestamptz' })
  boundAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}
