import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9: the docflow completes as on real channels.
 * - filings.progress / filings.outcome: where the docflow stands, apart from what it decided
 *   (docflow/docflow-state.ts); `status` stays as it was, the legacy combined field.
 * - filing_events.progress / .outcome: each line of the timeline and of the events feed carries
 *   the state after it; null on lines written before this migration.
 * - filing_documents.acknowledges: a receipt notice and its signature name the answer they
 *   confirm, so a filing holds one `receipt-notice` per answer instead of one per kind.
 * - receipt_notices: the subscriber's receipt notices, one per answer, and when the operator
 *   forwarded each.
 */
export class DocflowProgress1732541000090 implements MigrationInterface {
  name = 'DocflowProgress1732541000090';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE gateway.filings
        ADD COLUMN progress text NOT NULL DEFAULT 'submitted'
          CHECK (progress IN ('submitted', 'signed', 'sent', 'answered', 'finished')),
        ADD COLUMN outcome text
          CHECK (outcome IN ('accepted', 'rejected', 'clarification-requested', 'refused'))`);
    // Filings before this migration: no receipt notice was ever sent, so none is finished unless refused.
    await runner.query(`
      UPDATE gateway.filings f SET
        progress = CASE f.status WHEN 'submitted' THEN 'submitted' WHEN 'signed' THEN 'signed'
                     WHEN 'receipt-issued' THEN 'sent' WHEN 'refused' THEN 'finished' ELSE 'answered' END,
        outcome = CASE f.status WHEN 'refused' THEN 'refused' WHEN 'rejected' THEN 'rejected'
                    WHEN 'accepted' THEN CASE WHEN EXISTS (
                      SELECT 1 FROM gateway.filing_documents d
                       WHERE d.filing_id = f.filing_id AND d.kind = 'clarification-notice')
                      THEN 'clarification-requested' ELSE 'accepted' END END`);
    await runner.query('ALTER TABLE gateway.filing_events ADD COLUMN progress text, ADD COLUMN outcome text');
    await runner.query('ALTER TABLE gateway.filing_documents ADD COLUMN acknowledges text');
    await runner.query(
      'ALTER TABLE gateway.filing_documents DROP CONSTRAINT filing_documents_filing_id_kind_key',
    );
    await runner.query(`CREATE UNIQUE INDEX filing_documents_kind
      ON gateway.filing_documents (filing_id, kind, coalesce(acknowledges, ''))`);
    await runner.query(`
      CREATE TABLE gateway.receipt_notices (
        receipt_notice_id uuid PRIMARY KEY,
        filing_id uuid NOT NULL REFERENCES gateway.filings (filing_id),
        acknowledged_kind text NOT NULL,
        acknowledged_file_name text NOT NULL,
        file_name text NOT NULL,
        sha256 char(64) NOT NULL,
        signature_sha256 char(64) NOT NULL,
        signer_certificate_id char(64) NOT NULL,
        sent_at timestamptz NOT NULL,
        forwarded_at timestamptz,
        UNIQUE (filing_id, acknowledged_kind)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.receipt_notices');
    await runner.query(`DELETE FROM gateway.filing_documents WHERE acknowledges IS NOT NULL`);
    await runner.query('DROP INDEX gateway.filing_documents_kind');
    await runner.query('ALTER TABLE gateway.filing_documents ADD UNIQUE (filing_id, kind)');
    await runner.query('ALTER TABLE gateway.filing_documents DROP COLUMN acknowledges');
    await runner.query('ALTER TABLE gateway.filing_events DROP COLUMN progress, DROP COLUMN outcome');
    await runner.query('ALTER TABLE gateway.filings DROP COLUMN progress, DROP COLUMN outcome');
  }
}
