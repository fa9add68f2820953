import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A declaration's container the operator forwarded to the tax office: its docflow id ties the tax
 * office's answer containers back to the filing. One row per docflow, so a container is forwarded once.
 */
@Entity({ name: 'forwarded_docflows' })
export class ForwardedDocflow {
  @PrimaryColumn({ name: 'docflow_id', type: 'char', length: 32 })
  docflowId!: string;

  @Column({ name: 'filing_id', type: 'uuid' })
  filingId!: string;

  @Column({ name: 'tax_office_code', type: 'char', length: 4 })
  taxOfficeCode!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'declaration_sha256', type: 'char', length: 64 })
  declarationSha256!: string;

  @Column({ name: 'declaration_file_name', type: 'text' })
  declarationFileName!: string;

  @Column({ name: 'container_sha256', type: 'char', length: 64 })
  containerSha256!: string;

  @Column({ name: 'forwarded_at', type: 'timestamptz' })
  forwardedAt!: Date;
}
