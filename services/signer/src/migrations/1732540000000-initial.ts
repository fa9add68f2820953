import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@tks/messaging';

export class Initial1732540000000 implements MigrationInterface {
  name = 'Initial1732540000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'signer');
    // One signature per filing, enforced here: a redelivered filing is never signed twice.
    await runner.query(`
      CREATE TABLE signer.signatures (
        filing_id uuid PRIMARY KEY,
        declaration_sha256 char(64) NOT NULL,
        signature_sha256 char(64) NOT NULL,
        signature_size integer NOT NULL,
        key_label text NOT NULL,
        algorithm text NOT NULL,
        signer_subject text NOT NULL,
        signer_serial_number text NOT NULL,
        signing_time timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE signer.signatures');
    await dropMessagingTables(runner, 'signer');
  }
}
