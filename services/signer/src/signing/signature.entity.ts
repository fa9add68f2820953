import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SignatureVerification } from '@tks/contracts';

@Entity({ name: 'signatures' })
export class Signature {
  @PrimaryColumn({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  @Column({ name: 'declaration_sha256', type: 'char', length: 64 })
  declarationSha256!: string;

  @Column({ name: 'signature_sha256', type: 'char', length: 64 })
  signatureSha256!: string;

  @Column({ name: 'signature_size', type: 'integer' })
  signatureSize!: number;

  /** The subscriber's token key of a cloud signature; null when the client's own signature was verified. */
  @Column({ name: 'key_label', type: 'text', nullable: true })
  keyLabel!: string | null;

  /** The taxpayer, with its own tool or its key on the token; 'operator' only in rows made before issue 10. */
  @Column({ name: 'signed_by', type: 'text', default: 'operator' })
  signedBy!: 'operator' | 'client' | 'cloud';

  /** SHA-256 of the signing certificate's DER (the registry's certificate id). */
  @Column({ name: 'signer_certificate_id', type: 'char', length: 64, nullable: true })
  signerCertificateId!: string | null;

  /** The subscriber's consent a cloud signature was made under: who gave it, when. */
  @Column({ type: 'jsonb', nullable: true })
  consent!: { givenBy: string; givenAt: string } | null;

  @Column('text')
  algorithm!: string;

  @Column({ name: 'signer_subject', type: 'text' })
  signerSubject!: string;

  @Column({ name: 'signer_serial_number', type: 'text' })
  signerSerialNumber!: string;

  @Column({ name: 'signing_time', type: 'timestamptz' })
  signingTime!: Date;

  @Column({ name: 'container_sha256', type: 'char', length: 64, nullable: true })
  containerSha256!: string | null;

  @Column({ name: 'container_file_name', type: 'text', nullable: true })
  containerFileName!: string | null;

  @Column({ name: 'client_verification', type: 'jsonb', nullable: true })
  clientVerification!: SignatureVerification | null;
}
