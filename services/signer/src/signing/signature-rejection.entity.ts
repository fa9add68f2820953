import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SignatureVerification } from '@tks/contracts';

/**
 * A filing without a valid signature of the taxpayer (its client signature failed, or there was none
 * and no cloud signature could be made): it is neither signed nor sealed.
 */
@Entity({ name: 'signature_rejections' })
export class SignatureRejection {
  @PrimaryColumn({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  @Column({ name: 'client_signature_sha256', type: 'char', length: 64, nullable: true })
  clientSignatureSha256!: string | null;

  @Column({ name: 'fns_code', type: 'char', length: 10 })
  fnsCode!: string;

  @Column({ type: 'jsonb', nullable: true })
  verification!: SignatureVerification | null;

  /** Why no signature could be made or was missing (issue 10): a TKS code and a message. */
  @Column({ type: 'jsonb', nullable: true })
  refusal!: { code: string; message: string } | null;

  @Column({ name: 'rejected_at', type: 'timestamptz' })
  rejectedAt!: Date;
}
