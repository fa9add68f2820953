import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: when the operator received each answer of the tax office (its container complete), by
 * the receipts service's clock at that moment; `issued_at` is the tax office's own signing time.
 * Null for the operator's own receipts and for answers received before this column.
 */
export class AnswerReceivedAt1732542000030 implements MigrationInterface {
  name = 'AnswerReceivedAt1732542000030';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE receipts.receipts ADD COLUMN received_at timestamptz');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE receipts.receipts DROP COLUMN received_at');
  }
}
