import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tax office's register of taxpayers' certificates (issue 10: the taxpayer signs). */
export class RegisteredSigners1732542000010 implements MigrationInterface {
  name = 'RegisteredSigners1732542000010';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tax_office.registered_signers (
        subscriber_id varchar(46) NOT NULL,
        certificate_id char(64) NOT NULL,
        taxpayer jsonb NOT NULL,
        state jsonb NOT NULL,
        PRIMARY KEY (subscriber_id, certificate_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tax_office.registered_signers');
  }
}
