import { createHash } from 'node:crypto';
import { EvidenceStatementRequested } from '@tks/contracts';
import { refusalOf } from './evidence-signing.service';

const FILING_ID = '6f1c0c2e-8a51-4a8e-9d61-0d6a3b0e2c11';

const statement = (filingId = FILING_ID) =>
  JSON.stringify({
    type: 'tks.evidence-statement',
    version: 1,
    filing: {
      filingId,
      docflowId: '0123456789abcdef0123456789abcdef',
      subscriberId: '2TK-1',
      fileId: null,
      formCode: null,
      taxOfficeCode: null,
    },
    clock: { timeScale: 'UTC', precision: 'millisecond', sources: { gateway: 'the gateway’s clock' } },
    hashAlgorithm: 'SHA-256',
    documents: [],
  });

const request = (
  text: string,
  sha256 = createHash('sha256').update(text).digest('hex'),
): EvidenceStatementRequested => ({
  filingId: FILING_ID,
  statementSha256: sha256,
  statement: text,
  requestedAt: '2026-03-02T09:00:00.000Z',
});

const check = (r: EvidenceStatementRequested) => refusalOf(r, Buffer.from(r.statement, 'utf8'));

describe('what the operator’s key signs as evidence', () => {
  it('signs an evidence statement of the filing it is asked about', () => {
    expect(check(request(statement()))).toBeUndefined();
  });

  it('refuses bytes whose SHA-256 is not the announced one', () => {
    expect(check(request(statement(), '0'.repeat(64)))?.code).toBe('TKS-EVIDENCE-HASH');
  });

  it('refuses anything that is not an evidence statement', () => {
    expect(check(request('{"type":"payment-order","amount":1000000}'))?.code).toBe('TKS-EVIDENCE-FORMAT');
    expect(check(request('not json'))?.code).toBe('TKS-EVIDENCE-FORMAT');
    const extra = JSON.stringify({ ...JSON.parse(statement()), note: 'added' });
    expect(check(request(extra))?.code).toBe('TKS-EVIDENCE-FORMAT');
  });

  it('refuses a statement about another filing', () => {
    expect(check(request(statement('0b7e4a8c-1d3f-4c5b-9a2e-7f6d5c4b3a29')))).toMatchObject({
      code: 'TKS-EVIDENCE-FORMAT',
      message: 'the statement is about another filing',
    });
  });
});
