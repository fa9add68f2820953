import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4: the sealed transport container of each signed filing, and the client's own signature
 * when the filing came with one (then the operator does not sign, so key_label is empty).
 */
export class TransportContainer1732541000004 implements MigrationInterface {
  name = 'TransportContainer1732541000004';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE signer.signatures
        ALTER COLUMN key_label DROP NOT NULL,
        ADD COLUMN signed_by text NOT NULL DEFAULT 'operator' CHECK (signed_by IN ('operator', 'client')),
        ADD COLUMN container_sha256 char(64),
        ADD COLUMN container_file_name text,
        ADD COLUMN client_verification jsonb`);
    // A client signature that failed: stored with its detailed reason, and the filing is not signed.
    await runner.query(`
      CREATE TABLE signer.signature_rejections (
        filing_id uuid PRIMARY KEY,
        client_signature_sha256 char(64) NOT NULL,
        fns_code char(10) NOT NULL,
        verification jsonb NOT NULL,
        rejected_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE signer.signature_rejections');
    await runner.query(`
      ALTER TABLE signer.signatures
        DROP COLUMN client_verification,
        DROP COLUMN container_file_name,
        DROP COLUMN container_sha256,
        DROP COLUMN signed_by,
        ALTER COLUMN key_label SET NOT NULL`);
  }
}
