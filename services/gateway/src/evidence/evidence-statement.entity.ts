import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SignatureInfo } from '@tks/contracts';

/**
 * One evidence statement of a filing and its signature by the operator (issue 14). Keyed by the
 * SHA-256 of its canonical bytes: the same records give the same statement, so it is signed once;
 * a filing whose docflow went on gets a new statement beside the earlier ones, which stay.
 */
@Entity({ name: 'evidence_statements' })
export class EvidenceStatementRecord {
  @PrimaryColumn({ name: 'statement_sha256', type: 'char', length: 64 })
  statementSha256!: string;

  @Column({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  /** The canonical JSON, exactly the signed bytes (UTF-8). */
  @Column('text')
  statement!: string;

  @Column('text')
  status!: 'pending' | 'signed' | 'refused';

  /** Detached CMS of `statement`, DER; null until the signer answers. */
  @Column({ type: 'bytea', nullable: true })
  signature!: Buffer | null;

  @Column({ name: 'signature_info', type: 'jsonb', nullable: true })
  signatureInfo!: SignatureInfo | null;

  /** Why the signer refused it: its code and message. */
  @Column({ name: 'refusal_code', type: 'text', nullable: true })
  refusalCode!: string | null;

  @Column({ name: 'refusal_message', type: 'text', nullable: true })
  refusalMessage!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
