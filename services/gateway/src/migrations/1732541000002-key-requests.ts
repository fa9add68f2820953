import { MigrationInterface, QueryRunner } from 'typeorm';

export class KeyRequests1732541000002 implements MigrationInterface {
  name = 'KeyRequests1732541000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.key_requests (
        request_id uuid PRIMARY KEY,
        subscriber_id varchar(46) NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'generated', 'failed')),
        key_label text,
        csr_pem text,
        reason_code text,
        reason text,
        requested_at timestamptz NOT NULL,
        decided_at timestamptz
      )`);
    await runner.query(
      'CREATE INDEX key_requests_subscriber ON gateway.key_requests (subscriber_id, requested_at)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.key_requests');
  }
}
