import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9: the subscribers' receipt notices the operator forwarded to the tax office, one per
 * answer (unique filing_id, acknowledged_kind), so a notice is forwarded exactly once.
 */
export class ReceiptNoticeForwarding1732541000090 implements MigrationInterface {
  name = 'ReceiptNoticeForwarding1732541000090';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE receipts.forwarded_receipt_notices (
        receipt_notice_id uuid PRIMARY KEY,
        filing_id uuid NOT NULL,
        receipt_id uuid NOT NULL REFERENCES receipts.receipts (receipt_id),
        acknowledged_kind text NOT NULL,
        file_name text NOT NULL,
        document_sha256 char(64) NOT NULL,
        signature_sha256 char(64) NOT NULL,
        signer_certificate_id char(64) NOT NULL,
        sent_at timestamptz NOT NULL,
        forwarded_at timestamptz NOT NULL,
        UNIQUE (filing_id, acknowledged_kind)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE receipts.forwarded_receipt_notices');
  }
}
