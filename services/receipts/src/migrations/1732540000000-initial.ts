import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@tks/messaging';

export class Initial1732540000000 implements MigrationInterface {
  name = 'Initial1732540000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'receipts');
    await runner.query(`
      CREATE TABLE receipts.receipts (
        receipt_id uuid PRIMARY KEY,
        filing_id uuid NOT NULL,
        kind text NOT NULL,
        file_name text NOT NULL,
        document_sha256 char(64) NOT NULL,
        document_size integer NOT NULL,
        signature_sha256 char(64) NOT NULL,
        signature_size integer NOT NULL,
        signer_subject text NOT NULL,
        submitted_at timestamptz NOT NULL,
        issued_at timestamptz NOT NULL
      )`);
    // Exactly one receipt of each kind per filing, whatever redelivers or runs twice.
    await runner.query('CREATE UNIQUE INDEX receipts_once ON receipts.receipts (filing_id, kind)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE receipts.receipts');
    await dropMessagingTables(runner, 'receipts');
  }
}
