import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the operator's signed statements of a filing's sending and delivery times. A statement
 * is asked of the signer once (pending), then holds its signature or the signer's refusal.
 */
export class EvidenceStatements1732541000140 implements MigrationInterface {
  name = 'EvidenceStatements1732541000140';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.evidence_statements (
        statement_sha256 char(64) PRIMARY KEY,
        filing_id uuid NOT NULL REFERENCES gateway.filings (filing_id),
        statement text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'signed', 'refused')),
        signature bytea,
        signature_info jsonb,
        refusal_code text,
        refusal_message text,
        requested_at timestamptz NOT NULL,
        decided_at timestamptz,
        CHECK (status <> 'signed' OR signature IS NOT NULL)
      )`);
    await runner.query(
      'CREATE INDEX evidence_statements_filing ON gateway.evidence_statements (filing_id, requested_at)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.evidence_statements');
  }
}
