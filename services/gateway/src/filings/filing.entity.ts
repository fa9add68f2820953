import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Ordered: a late event never moves a filing back (events of different topics may interleave). */
export const filingStatuses = ['submitted', 'signed', 'receipt-issued'] as const;
export type FilingStatus = (typeof filingStatuses)[number];

export const statusRank = (status: FilingStatus): number => filingStatuses.indexOf(status);

@Entity({ name: 'filings' })
export class Filing {
  @PrimaryColumn({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  /** идентификаторДокументооборота of the transport container: 32 hex digits. */
  @Column({ name: 'docflow_id', type: 'char', length: 32 })
  docflowId!: string;

  @Column({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  /** Файл/@ИдФайл of the declaration. */
  @Column({ name: 'file_id', type: 'text' })
  fileId!: string;

  /** Документ/@КНД. */
  @Column({ name: 'form_code', type: 'varchar', length: 7 })
  formCode!: string;

  /** Документ/@КодНО: the tax office the declaration is for. */
  @Column({ name: 'tax_office_code', type: 'char', length: 4 })
  taxOfficeCode!: string;

  @Column('text')
  status!: FilingStatus;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
