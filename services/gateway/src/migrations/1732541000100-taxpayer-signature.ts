import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: the taxpayer signs every declaration. A filing records how (`client`: its own signature
 * came with it; `cloud`: the subscriber's key on the operator's HSM signs it once the subscriber
 * consents) and, for `cloud`, who consented and when, with the certificate the consent was given for.
 * Filings taken in before carry no mode.
 */
export class TaxpayerSignature1732541000100 implements MigrationInterface {
  name = 'TaxpayerSignature1732541000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE gateway.filings
        ADD COLUMN signature_mode text CHECK (signature_mode IN ('client', 'cloud')),
        ADD COLUMN consent_given_by text,
        ADD COLUMN consent_given_at timestamptz,
        ADD COLUMN consent_certificate_id char(64),
        ADD CONSTRAINT filings_consent_complete CHECK (
          (consent_given_by IS NULL) = (consent_given_at IS NULL)
          AND (consent_given_by IS NULL OR signature_mode = 'cloud'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE gateway.filings
        DROP CONSTRAINT filings_consent_complete,
        DROP COLUMN consent_certificate_id,
        DROP COLUMN consent_given_at,
        DROP COLUMN consent_given_by,
        DROP COLUMN signature_mode`);
  }
}
