import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SignatureVerification } from '@tks/contracts';

/** A filing whose client signature failed verification: it is neither signed nor sealed. */
@Entity({ name: 'signature_rejections' })
export class SignatureRejection {
  @PrimaryColumn({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  @Column({ name: 'client_signature_sha256', type: 'char', length: 64 })
  clientSignatureSha256!: string;

  @Column({ name: 'fns_code', type: 'char', length: 10 })
  fnsCode!: string;

  @Column({ type: 'jsonb' })
  verification!: SignatureVerification;

  @Column({ name: 'rejected_at', type: 'timestamptz' })
  rejectedAt!: Date;
}
