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

  /** The token key that signed; null when the client's own signature was verified instead. */
  @Column({ name: 'key_label', type: 'text', nullable: true })
  keyLabel!: string | null;

  @Column({ name: 'signed_by', type: 'text', default: 'operator' })
  signedBy!: 'operator' | 'client';

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
