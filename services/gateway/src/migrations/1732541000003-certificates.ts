import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 3: the gateway's read model of subscribers' certificates, its certificate requests and warnings. */
export class Certificates1732541000003 implements MigrationInterface {
  name = 'Certificates1732541000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.subscriber_certificates (
        subscriber_id varchar(46) NOT NULL,
        certificate_id char(64) NOT NULL,
        lifecycle text NOT NULL,
        bound_at timestamptz NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (subscriber_id, certificate_id)
      )`);
    await runner.query(`
      CREATE TABLE gateway.certificate_requests (
        request_id uuid PRIMARY KEY,
        subscriber_id varchar(46) NOT NULL,
        action text NOT NULL CHECK (action IN ('bind', 'reissue', 'revoke', 'unbind')),
        status text NOT NULL CHECK (status IN ('pending', 'applied', 'rejected')),
        certificate_id char(64),
        reason_code text,
        reason text,
        requested_at timestamptz NOT NULL,
        decided_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE gateway.certificate_expiry_warnings (
        subscriber_id varchar(46) NOT NULL,
        certificate_id char(64) NOT NULL,
        threshold_days integer NOT NULL,
        days_left integer NOT NULL,
        not_after timestamptz NOT NULL,
        warned_at timestamptz NOT NULL,
        PRIMARY KEY (subscriber_id, certificate_id, threshold_days)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.certificate_expiry_warnings');
    await runner.query('DROP TABLE gateway.certificate_requests');
    await runner.query('DROP TABLE gateway.subscriber_certificates');
  }
}
