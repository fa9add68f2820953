import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 10: the containers forwarded to the tax office over the channel, by docflow. */
export class TaxOfficeChannel1732542000020 implements MigrationInterface {
  name = 'TaxOfficeChannel1732542000020';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE receipts.forwarded_docflows (
        docflow_id char(32) PRIMARY KEY,
        filing_id uuid NOT NULL UNIQUE,
        tax_office_code char(4) NOT NULL,
        submitted_at timestamptz NOT NULL,
        declaration_sha256 char(64) NOT NULL,
        declaration_file_name text NOT NULL,
        container_sha256 char(64) NOT NULL,
        forwarded_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE receipts.forwarded_docflows');
  }
}
