import { Column, Entity, PrimaryColumn } from 'typeorm';

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

  @Column({ name: 'key_label', type: 'text' })
  keyLabel!: string;

  @Column('text')
  algorithm!: string;

  @Column({ name: 'signer_subject', type: 'text' })
  signerSubject!: string;

  @Column({ name: 'signer_serial_number', type: 'text' })
  signerSerialNumber!: string;

  @Column({ name: 'signing_time', type: 'timestamptz' })
  signingTime!: Date;
}
