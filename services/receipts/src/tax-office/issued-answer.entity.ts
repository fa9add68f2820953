import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ReceiptKind } from '@tks/contracts';
import type { RefusalReason } from './refusal-reasons';
import type { SignatureVerdict } from './tax-office-checks';

/** What the tax office's checks found, kept with its answer. */
export interface CheckResult {
  signature: SignatureVerdict;
  refusals: RefusalReason[];
}

/**
 * An answer the tax office issued, in its own schema (tax_office). The unique indexes (one answer of
 * each kind per docflow; an acceptance receipt or a refusal notice, never both) make a second answer
 * impossible whatever redelivers or runs twice.
 */
@Entity({ name: 'answers' })
export class IssuedAnswer {
  @PrimaryColumn({ name: 'answer_id', type: 'uuid' })
  answerId!: string;

  @Column({ name: 'docflow_id', type: 'char', length: 32 })
  docflowId!: string;

  @Column('text')
  kind!: Exclude<ReceiptKind, 'sending-date-confirmation'>;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'container_sha256', type: 'char', length: 64 })
  containerSha256!: string;

  @Column({ name: 'container_file_name', type: 'text' })
  containerFileName!: string;

  @Column({ name: 'check_result', type: 'jsonb', nullable: true })
  checkResult!: CheckResult | null;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;
}
