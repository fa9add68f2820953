import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: the taxpayer signs every declaration. The signer keeps a read model of subscribers'
 * certificates (from the registry's state topic) to pick a subscriber's key on the token for a cloud
 * signature; a signature records who made it (`client` or `cloud`, never the operator any more), the
 * certificate, and the consent a cloud signature was made under; a refusal may have no client
 * signature at all (none was sent and none could be made).
 */
export class TaxpayerSignature1732541000010 implements MigrationInterface {
  name = 'TaxpayerSignature1732541000010';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE signer.subscriber_certificates (
        subscriber_id varchar(46) NOT NULL,
        certificate_id char(64) NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (subscriber_id, certificate_id)
      )`);
    // 'operator' stays allowed for the rows signed before the taxpayer signed every declaration.
    await runner.query(`
      ALTER TABLE signer.signatures
        DROP CONSTRAINT IF EXISTS signatures_signed_by_check,
        ADD CONSTRAINT signatures_signed_by_check CHECK (signed_by IN ('operator', 'client', 'cloud')),
        ADD COLUMN signer_certificate_id char(64),
        ADD COLUMN consent jsonb`);
    await runner.query(`
      ALTER TABLE signer.signature_rejections
        ALTER COLUMN client_signature_sha256 DROP NOT NULL,
        ALTER COLUMN verification DROP NOT NULL,
        ADD COLUMN refusal jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE signer.signature_rejections
        DROP COLUMN refusal,
        ALTER COLUMN verification SET NOT NULL,
        ALTER COLUMN client_signature_sha256 SET NOT NULL`);
    await runner.query(`
      ALTER TABLE signer.signatures
        DROP COLUMN consent,
        DROP COLUMN signer_certificate_id,
        DROP CONSTRAINT signatures_signed_by_check,
        ADD CONSTRAINT signatures_signed_by_check CHECK (signed_by IN ('operator', 'client'))`);
    await runner.query('DROP TABLE signer.subscriber_certificates');
  }
}
