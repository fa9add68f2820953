import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AcknowledgeableKind } from '@tks/receipt-notice';

/**
 * A subscriber's receipt notice (извещение о получении, КНД 1166008) of one tax office answer:
 * one per answer (unique filing_id, acknowledged_kind). The bytes are filing documents
 * `receipt-notice` and `receipt-notice-signature`; this row keeps where the notice stands.
 */
@Entity({ name: 'receipt_notices' })
export class ReceiptNotice {
  @PrimaryColumn({ name: 'receipt_notice_id', type: 'uuid' })
  receiptNoticeId!: string;

  @Column({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  @Column({ name: 'acknowledged_kind', type: 'text' })
  acknowledgedKind!: AcknowledgeableKind;

  /** The confirmed answer's file name (`СведПолФайл/@ИмяПостФайла`). */
  @Column({ name: 'acknowledged_file_name', type: 'text' })
  acknowledgedFileName!: string;

  /** `IZ_` + the confirmed answer's file name. */
  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ name: 'signature_sha256', type: 'char', length: 64 })
  signatureSha256!: string;

  /** SHA-256 of the signing certificate's DER: one of the subscriber's registered certificates. */
  @Column({ name: 'signer_certificate_id', type: 'char', length: 64 })
  signerCertificateId!: string;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  /** When the operator forwarded it to the tax office (`receipt-notice.forwarded`). */
  @Column({ name: 'forwarded_at', type: 'timestamptz', nullable: true })
  forwardedAt!: Date | null;
}
