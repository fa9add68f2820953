import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A part of a container that arrived in parts, kept until the last one is in. Each side of the
 * channel has this table in its own schema (receipts for the operator, tax_office for the tax office).
 */
@Entity({ name: 'transfer_parts' })
export class TransferPart {
  @PrimaryColumn({ name: 'transfer_id', type: 'uuid' })
  transferId!: string;

  @PrimaryColumn({ type: 'integer' })
  part!: number;

  @Column({ type: 'integer' })
  parts!: number;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
