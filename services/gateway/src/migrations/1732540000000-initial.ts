import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@tks/messaging';

export class Initial1732540000000 implements MigrationInterface {
  name = 'Initial1732540000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'gateway');
    // Read model of the registry's subscriber state topic.
    await runner.query(`
      CREATE TABLE gateway.subscribers (
        subscriber_id varchar(46) PRIMARY KEY,
        kind text NOT NULL,
        name text NOT NULL,
        inn varchar(12) NOT NULL,
        kpp varchar(9),
        status text NOT NULL,
        tax_office_codes text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE gateway.subscriber_registrations (
        registration_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('pending', 'registered', 'rejected')),
        subscriber_id varchar(46),
        reason_code text,
        reason text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE gateway.filings (
        filing_id uuid PRIMARY KEY,
        docflow_id char(32) NOT NULL UNIQUE,
        subscriber_id varchar(46) NOT NULL,
        file_id text NOT NULL,
        form_code varchar(7) NOT NULL,
        tax_office_code char(4) NOT NULL,
        status text NOT NULL,
        idempotency_key text,
        submitted_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // ИдФайл carries a GUID: the same file sent twice is the same filing.
    await runner.query('CREATE UNIQUE INDEX filings_file_id ON gateway.filings (file_id)');
    await runner.query(`CREATE UNIQUE INDEX filings_idempotency ON gateway.filings (subscriber_id, idempotency_key)
      WHERE idempotency_key IS NOT NULL`);
    await runner.query(
      'CREATE INDEX filings_subscriber ON gateway.filings (subscriber_id, submitted_at DESC)',
    );
    await runner.query(`
      CREATE TABLE gateway.filing_documents (
        document_id uuid PRIMARY KEY,
        filing_id uuid NOT NULL REFERENCES gateway.filings (filing_id),
        kind text NOT NULL,
        file_name text NOT NULL,
        media_type text NOT NULL,
        sha256 char(64) NOT NULL,
        size bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (filing_id, kind)
      )`);
    await runner.query(`
      CREATE TABLE gateway.filing_events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        filing_id uuid NOT NULL REFERENCES gateway.filings (filing_id),
        status text NOT NULL,
        at timestamptz NOT NULL,
        detail jsonb
      )`);
    await runner.query('CREATE INDEX filing_events_filing ON gateway.filing_events (filing_id, seq)');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'filing_events',
      'filing_documents',
      'filings',
      'subscriber_registrations',
      'subscribers',
    ]) {
      await runner.query(`DROP TABLE gateway.${table}`);
    }
    await dropMessagingTables(runner, 'gateway');
  }
}
