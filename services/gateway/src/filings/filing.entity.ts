import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FilingOutcome, FilingProgress } from '../docflow/docflow-state';

/** Ordered: a late event never moves a filing back (events of different topics may interleave). */
// 'accepted' (receipt of acceptance) and 'rejected' (notice of refusal) are the tax office's
// answer after the sending-date confirmation; they end the docflow.
export const filingStatuses = ['submitted', 'signed', 'receipt-issued', 'accepted', 'rejected'] as const;
/**
 * 'refused': the gateway itself refused the declaration at intake (transport, name, schema); the
 * filing is recorded with the reason and goes nowhere. It is outside the order above: nothing
 * moves a filing into or out of it after intake.
 */
export type FilingStatus = (typeof filingStatuses)[number] | 'refused';
export const allFilingStatuses: readonly FilingStatus[] = [...filingStatuses, 'refused'];

export const statusRank = (status: FilingStatus): number =>
  status === 'refused' ? Number.MAX_SAFE_INTEGER : filingStatuses.indexOf(status);

@Entity({ name: 'filings' })
export class Filing {
  @PrimaryColumn({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  /** идентификаторДокументооборота of the transport container: 32 hex digits. */
  @Column({ name: 'docflow_id', type: 'char', length: 32 })
  docflowId!: string;

  @Column({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  /** Файл/@ИдФайл of the declaration; null only for a refused one whose header could not be read. */
  @Column({ name: 'file_id', type: 'text', nullable: true })
  fileId!: string | null;

  /** Документ/@КНД (null as file_id). */
  @Column({ name: 'form_code', type: 'varchar', length: 7, nullable: true })
  formCode!: string | null;

  /** Документ/@КодНО: the tax office the declaration is for (null as file_id). */
  @Column({ name: 'tax_office_code', type: 'char', length: 4, nullable: true })
  taxOfficeCode!: string | null;

  /** Why the gateway refused it (status 'refused'): the error code of docs/errors.md and its message. */
  @Column({ name: 'refusal_code', type: 'text', nullable: true })
  refusalCode!: string | null;

  @Column({ name: 'refusal_message', type: 'text', nullable: true })
  refusalMessage!: string | null;

  /** Line-numbered schema messages of a 0300300001 refusal. */
  @Column({ name: 'refusal_errors', type: 'jsonb', nullable: true })
  refusalErrors!: Array<{ message: string; line?: number; column?: number }> | null;

  /**
   * The legacy combined field (submitted → signed → receipt-issued → accepted | rejected, or
   * refused), kept unchanged for clients and the inspectors' history; `progress` and `outcome`
   * say the same apart (issue 9).
   */
  @Column('text')
  status!: FilingStatus;

  /** Where the docflow stands (docflow/docflow-state.ts). */
  @Column({ type: 'text', default: 'submitted' })
  progress!: FilingProgress;

  /** What the docflow decided; null until the tax office answers (or the gateway refuses). */
  @Column({ type: 'text', nullable: true })
  outcome!: FilingOutcome | null;

  /** History columns (issue 6, migration 1732541000006): the taxpayer, period and year of the header. */
  @Column({ name: 'taxpayer_inn', type: 'varchar', length: 12, nullable: true })
  taxpayerInn!: string | null;

  @Column({ name: 'taxpayer_kpp', type: 'varchar', length: 9, nullable: true })
  taxpayerKpp!: string | null;

  @Column({ type: 'char', length: 2, nullable: true })
  period!: string | null;

  @Column({ name: 'report_year', type: 'smallint', nullable: true })
  reportYear!: number | null;

  /** Set when a receipt came after its deadline (receipt.issued `overdue`). */
  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  /**
   * Who gives the declaration its taxpayer signature (issue 10): `client` sent its own, `cloud` the
   * subscriber's key on the operator's HSM signs after the subscriber's consent; null before issue 10
   * and for refusals that came before the question.
   */
  @Column({ name: 'signature_mode', type: 'text', nullable: true })
  signatureMode!: 'client' | 'cloud' | null;

  /** The consent to a cloud signature of this filing: the API key's name that gave it, and when. */
  @Column({ name: 'consent_given_by', type: 'text', nullable: true })
  consentGivenBy!: string | null;

  @Column({ name: 'consent_given_at', type: 'timestamptz', nullable: true })
  consentGivenAt!: Date | null;

  /** The subscriber's certificate whose HSM key was to sign, as the gateway saw it at consent. */
  @Column({ name: 'consent_certificate_id', type: 'char', length: 64, nullable: true })
  consentCertificateId!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
