import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ReceiptKind } from '@tks/contracts';

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
}
