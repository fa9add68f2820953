import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReceiptNoticeSent } from '@tks/contracts';

/** A subscriber's receipt notice the operator forwarded to the tax office, with the answer it confirms. */
@Entity({ name: 'forwarded_receipt_notices' })
export class ForwardedReceiptNotice {
  @PrimaryColumn({ name: 'receipt_notice_id', type: 'uuid' })
  receiptNoticeId!: string;

  @Column({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  /** The answer confirmed: a receipt this service issued. */
  @Column({ name: 'receipt_id', type: 'uuid' })
  receiptId!: string;

  @Column({ name: 'acknowledged_kind', type: 'text' })
  acknowledgedKind!: ReceiptNoticeSent['acknowledgedKind'];

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'document_sha256', type: 'char', length: 64 })
  documentSha256!: string;

  @Column({ name: 'signature_sha256', type: 'char', length: 64 })
  signatureSha256!: string;

  @Column({ name: 'signer_certificate_id', type: 'char', length: 64 })
  signerCertificateId!: string;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  @Column({ name: 'forwarded_at', type: 'timestamptz' })
  forwardedAt!: Date;
}
