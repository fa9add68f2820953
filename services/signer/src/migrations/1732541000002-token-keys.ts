import { MigrationInterface, QueryRunner } from 'typeorm';

export class TokenKeys1732541000002 implements MigrationInterface {
  name = 'TokenKeys1732541000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE signer.token_keys (
        request_id uuid PRIMARY KEY,
        subscriber_id varchar(46) NOT NULL,
        key_label text NOT NULL UNIQUE,
        key_id text NOT NULL,
        csr_pem text NOT NULL,
        generated_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE signer.token_keys');
  }
}
