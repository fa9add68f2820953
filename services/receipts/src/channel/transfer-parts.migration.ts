import { MigrationInterface, QueryRunner } from 'typeorm';

/** The transfer_parts table (transfer-part.entity.ts) in the schema of the side that receives. */
export function transferPartsMigration(schema: 'receipts' | 'tax_office'): new () => MigrationInterface {
  return class TransferParts1732542000010 implements MigrationInterface {
    name = 'TransferParts1732542000010';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${schema}".transfer_parts (
          transfer_id uuid NOT NULL,
          part integer NOT NULL,
          parts integer NOT NULL,
          data bytea NOT NULL,
          PRIMARY KEY (transfer_id, part)
        )`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".transfer_parts`);
    }
  };
}
