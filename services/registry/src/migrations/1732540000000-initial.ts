import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@tks/messaging';

export class Initial1732540000000 implements MigrationInterface {
  name = 'Initial1732540000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'registry');
    await runner.query(`
      CREATE TABLE registry.subscribers (
        subscriber_id varchar(46) PRIMARY KEY,
        registration_id uuid NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('company', 'entrepreneur', 'person')),
        name text NOT NULL,
        inn varchar(12) NOT NULL,
        kpp varchar(9),
        ogrn varchar(15),
        tax_office_codes text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'active',
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One active subscriber per taxpayer identity (INN, and KPP for a company's branch).
    await runner.query(`
      CREATE UNIQUE INDEX subscribers_identity ON registry.subscribers (inn, coalesce(kpp, ''))
      WHERE status = 'active'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE registry.subscribers');
    await dropMessagingTables(runner, 'registry');
  }
}
