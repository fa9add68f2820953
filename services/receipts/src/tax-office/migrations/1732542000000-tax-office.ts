import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@tks/messaging';

/** The simulated tax office's own schema: its outbox and inbox, and the answers it issued. */
export class TaxOffice1732542000000 implements MigrationInterface {
  name = 'TaxOffice1732542000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'tax_office');
    await runner.query(`
      CREATE TABLE tax_office.answers (
        answer_id uuid PRIMARY KEY,
        docflow_id char(32) NOT NULL,
        kind text NOT NULL,
        file_name text NOT NULL,
        container_sha256 char(64) NOT NULL,
        container_file_name text NOT NULL,
        check_result jsonb,
        issued_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE UNIQUE INDEX answers_once ON tax_office.answers (docflow_id, kind)');
    await runner.query(`CREATE UNIQUE INDEX answers_one_decision ON tax_office.answers (docflow_id)
      WHERE kind IN ('acceptance-receipt', 'refusal-notice')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tax_office.answers');
    await dropMessagingTables(runner, 'tax_office');
  }
}
