import { Column, Entity, PrimaryColumn } from 'typeorm';

export type FilingDocumentKind =
  | 'declaration'
  | 'declaration-signature'
  /** The taxpayer's own detached CMS signature, sent with the declaration (multipart intake). */
  | 'client-signature'
  | 'sending-date-confirmation'
  | 'sending-date-confirmation-signature'
  | 'acceptance-receipt'
  | 'acceptance-receipt-signature'
  | 'refusal-notice'
  | 'refusal-notice-signature'
  | 'input-notice'
  | 'input-notice-signature'
  | 'clarification-notice'
  | 'clarification-notice-signature'
  /** The FNS transport container the signer sealed (ZIP with packageDescription.xml). */
  | 'transport-container'
  /** The subscriber's receipt notice of one tax office answer (`acknowledges` names it), and its signature. */
  | 'receipt-notice'
  | 'receipt-notice-signature';

/** A document of the docflow; the bytes live in the document store under `sha256`. */
@Entity({ name: 'filing_documents' })
export class FilingDocument {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  @Column('text')
  kind!: FilingDocumentKind;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size!: number;

  /** For a receipt notice and its signature: the kind of the answer it confirms; else null. */
  @Column({ type: 'text', nullable: true })
  acknowledges!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
