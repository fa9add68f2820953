import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 5: refused filings, the client-facing list, the events feed and API keys.
 * - A refused filing is recorded even when its header could not be read, so file_id, form_code
 *   and tax_office_code may be null; ИдФайл stays unique among filings that were taken in, so a
 *   refused file sent again after a fix is a new filing.
 * - Keyset pagination of GET /filings on (submitted_at, filing_id), per subscriber or overall.
 * - filing_events.feed_seq: the feed's commit-ordered cursor (see feed/feed-sequencer.ts).
 * - api_keys: SHA-256 of each key, never the key.
 */
export class IntakeAccess1732541000005 implements MigrationInterface {
  name = 'IntakeAccess1732541000005';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE gateway.filings
        ALTER COLUMN file_id DROP NOT NULL,
        ALTER COLUMN form_code DROP NOT NULL,
        ALTER COLUMN tax_office_code DROP NOT NULL,
        ADD COLUMN refusal_code text,
        ADD COLUMN refusal_message text,
        ADD COLUMN refusal_errors jsonb,
        ADD CONSTRAINT filings_refusal CHECK ((status = 'refused') = (refusal_code IS NOT NULL)),
        ADD CONSTRAINT filings_taken_in CHECK (
          status = 'refused' OR (file_id IS NOT NULL AND form_code IS NOT NULL AND tax_office_code IS NOT NULL))`);
    await runner.query('DROP INDEX gateway.filings_file_id');
    await runner.query(
      `CREATE UNIQUE INDEX filings_file_id ON gateway.filings (file_id) WHERE status <> 'refused'`,
    );
    await runner.query(
      'CREATE INDEX filings_list_subscriber ON gateway.filings (subscriber_id, submitted_at DESC, filing_id DESC)',
    );
    await runner.query('CREATE INDEX filings_list ON gateway.filings (submitted_at DESC, filing_id DESC)');

    await runner.query('ALTER TABLE gateway.filing_events ADD COLUMN feed_seq bigint');
    // Rows that exist now are committed: their feed order is their seq order.
    await runner.query('UPDATE gateway.filing_events SET feed_seq = seq');
    await runner.query(
      'CREATE UNIQUE INDEX filing_events_feed ON gateway.filing_events (feed_seq) WHERE feed_seq IS NOT NULL',
    );
    await runner.query(
      'CREATE INDEX filing_events_unsequenced ON gateway.filing_events (seq) WHERE feed_seq IS NULL',
    );

    await runner.query(`
      CREATE TABLE gateway.api_keys (
        key_id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('operator', 'client', 'inspector')),
        key_sha256 char(64) NOT NULL UNIQUE,
        subscriber_ids text[] NOT NULL DEFAULT '{}',
        tax_office_codes text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.api_keys');
    await runner.query('DROP INDEX gateway.filing_events_unsequenced');
    await runner.query('DROP INDEX gateway.filing_events_feed');
    await runner.query('ALTER TABLE gateway.filing_events DROP COLUMN feed_seq');
    await runner.query('DROP INDEX gateway.filings_list');
    await runner.query('DROP INDEX gateway.filings_list_subscriber');
    await runner.query(`DELETE FROM gateway.filing_events WHERE filing_id IN
      (SELECT filing_id FROM gateway.filings WHERE status = 'refused')`);
    await runner.query(`DELETE FROM gateway.filing_documents WHERE filing_id IN
      (SELECT filing_id FROM gateway.filings WHERE status = 'refused')`);
    await runner.query(`DELETE FROM gateway.filings WHERE status = 'refused'`);
    await runner.query('DROP INDEX gateway.filings_file_id');
    await runner.query('CREATE UNIQUE INDEX filings_file_id ON gateway.filings (file_id)');
    await runner.query(`
      ALTER TABLE gateway.filings
        DROP CONSTRAINT filings_taken_in,
        DROP CONSTRAINT filings_refusal,
        DROP COLUMN refusal_errors,
        DROP COLUMN refusal_message,
        DROP COLUMN refusal_code,
        ALTER COLUMN tax_office_code SET NOT NULL,
        ALTER COLUMN form_code SET NOT NULL,
        ALTER COLUMN file_id SET NOT NULL`);
  }
}
