import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 3: subscribers' qualified certificates. Rows are never deleted: unbinding keeps the history. */
export class Certificates1732541000003 implements MigrationInterface {
  name = 'Certificates1732541000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE registry.certificates (
        subscriber_id varchar(46) NOT NULL REFERENCES registry.subscribers (subscriber_id),
        certificate_id char(64) NOT NULL,
        der bytea NOT NULL,
        serial_number text NOT NULL,
        subject text NOT NULL,
        issuer text NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        public_key_algorithm text NOT NULL,
        identity jsonb NOT NULL,
        subject_sign_tool text,
        lifecycle text NOT NULL
          CHECK (lifecycle IN ('current', 'superseded', 'retired', 'revoked', 'unbound')),
        usable_until timestamptz,
        status text NOT NULL,
        status_detail text,
        checked_at timestamptz NOT NULL,
        tax_authority_status text NOT NULL DEFAULT 'pending'
          CHECK (tax_authority_status IN ('pending', 'registered', 'rejected')),
        tax_authority_decided_at timestamptz,
        tax_authority_duration_ms integer,
        tax_authority_reason_code text,
        tax_authority_reason text,
        expiry_warnings integer[] NOT NULL DEFAULT '{}',
        bound_at timestamptz NOT NULL,
        ended_at timestamptz,
        PRIMARY KEY (subscriber_id, certificate_id)
      )`);
    // One certificate signs a subscriber's new filings at a time.
    await runner.query(`
      CREATE UNIQUE INDEX certificates_one_current ON registry.certificates (subscriber_id)
      WHERE lifecycle = 'current'`);
    await runner.query(`
      CREATE INDEX certificates_pending_registration ON registry.certificates (bound_at)
      WHERE tax_authority_status = 'pending'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE registry.certificates');
  }
}
