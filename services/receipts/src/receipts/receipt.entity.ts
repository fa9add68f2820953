import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ReceiptKind } from '@tks/contracts';

/**
 * What the tax office's checks found, kept with answers recorded before the tax office had a schema
 * of its own; its answers now keep it there (tax_office.answers) and these rows leave it null.
 */
export interface CheckResult {
  readonly signature?: object;
  readonly refusals?: readonly object[];
}

@Entity({ name: 'receipts' })
export class Receipt {
  @PrimaryColumn({ name: 'receipt_id', type: 'uuid' })
  receiptId!: string;

  @Column({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  @Column('text')
  kind!: ReceiptKind;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'document_sha256', type: 'char', length: 64 })
  documentSha256!: string;

  @Column({ name: 'document_size', type: 'integer' })
  documentSize!: number;

  @Column({ name: 'signature_sha256', type: 'char', length: 64 })
  signatureSha256!: string;

  @Column({ name: 'signature_size', type: 'integer' })
  signatureSize!: number;

  @Column({ name: 'signer_subject', type: 'text' })
  signerSubject!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  /** An answer of the tax office: when its container reached the operator (issue 14); else null. */
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  /** The tax office that answers (Документ/@КодНО); null for rows before issue 6. */
  @Column({ name: 'tax_office_code', type: 'char', length: 4, nullable: true })
  taxOfficeCode!: string | null;

  /** What the tax office's checks found: the declaration signature's verification and the refusals. */
  @Column({ name: 'check_result', type: 'jsonb', nullable: true })
  checkResult!: CheckResult | null;

  /** Time from submission to this receipt, in milliseconds. */
  @Column({
    name: 'elapsed_ms',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  elapsedMs!: number | null;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  /** Issued after its deadline. */
  @Column({ type: 'boolean', default: false })
  overdue!: boolean;
}
