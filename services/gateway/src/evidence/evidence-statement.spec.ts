import { createHash } from 'node:crypto';
import { evidenceStatementSchema } from '@tks/contracts';
import {
  buildEvidenceStatement,
  canonicalStatement,
  EvidenceDocumentRecord,
  EvidenceRecords,
} from './evidence-statement';

const FILING_ID = '6f1c0c2e-8a51-4a8e-9d61-0d6a3b0e2c11';
const at = (iso: string) => new Date(iso);
let nextId = 0;
const doc = (
  kind: string,
  createdAt: string,
  extra: Partial<EvidenceDocumentRecord> = {},
): EvidenceDocumentRecord => {
  nextId += 1;
  const documentId = `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}`;
  return {
    documentId,
    kind,
    fileName: `${kind}.xml`,
    mediaType: 'application/xml',
    size: 100 + nextId,
    sha256: createHash('sha256').update(documentId).digest('hex'),
    acknowledges: null,
    createdAt: at(createdAt),
    ...extra,
  };
};

/** An accepted filing whose receipt of acceptance the subscriber confirmed with a forwarded receipt notice. */
function acceptedFiling(): EvidenceRecords {
  return {
    filing: {
      filingId: FILING_ID,
      docflowId: '0123456789abcdef0123456789abcdef',
      subscriberId: '2TK-1',
      fileId: 'NO_USN_9991_9991_7707083893773601001_20260120_5B0E2C71-9D4A-4F3B-8E6C-2A7D1F9C4B38',
      formCode: '1152017',
      taxOfficeCode: '9991',
      submittedAt: at('2026-03-02T09:00:00.000Z'),
    },
    documents: [
      doc('declaration', '2026-03-02T09:00:00.004Z'),
      doc('client-signature', '2026-03-02T09:00:00.004Z'),
      doc('declaration-signature', '2026-03-02T09:00:01.000Z'),
      doc('transport-container', '2026-03-02T09:00:01.000Z'),
      doc('sending-date-confirmation', '2026-03-02T09:00:02.000Z'),
      doc('sending-date-confirmation-signature', '2026-03-02T09:00:02.000Z'),
      doc('acceptance-receipt', '2026-03-02T09:00:05.000Z'),
      doc('acceptance-receipt-signature', '2026-03-02T09:00:05.000Z'),
      doc('receipt-notice', '2026-03-02T10:00:00.010Z', { acknowledges: 'acceptance-receipt' }),
      doc('receipt-notice-signature', '2026-03-02T10:00:00.010Z', { acknowledges: 'acceptance-receipt' }),
    ],
    timeline: [
      { at: at('2026-03-02T09:00:00.000Z'), detail: null },
      { at: at('2026-03-02T09:00:01.500Z'), detail: { receipt: 'sending-date-confirmation' } },
      {
        at: at('2026-03-02T09:00:03.000Z'),
        detail: { receipt: 'acceptance-receipt', receivedAt: '2026-03-02T09:00:04.200Z' },
      },
    ],
    receiptNotices: [
      {
        acknowledgedKind: 'acceptance-receipt',
        sentAt: at('2026-03-02T10:00:00.000Z'),
        forwardedAt: at('2026-03-02T10:00:00.900Z'),
      },
    ],
  };
}

const byKind = (records: EvidenceRecords) => {
  const statement = buildEvidenceStatement(records);
  return (kind: string) => {
    const found = statement.documents.find((d) => d.kind === kind);
    if (!found) throw new Error(`no ${kind} in the statement`);
    return found;
  };
};

describe('the evidence statement', () => {
  it('states the declaration received at intake, passed on with the sending-date confirmation, delivered when the tax office answered', () => {
    const declaration = byKind(acceptedFiling())('declaration');
    expect(declaration).toMatchObject({ from: 'subscriber', to: 'tax-office' });
    expect(declaration.receivedFromSender).toEqual({
      at: '2026-03-02T09:00:00.000Z',
      clock: 'gateway',
      basis: 'intake',
    });
    expect(declaration.passedOn).toEqual({
      at: '2026-03-02T09:00:01.500Z',
      clock: 'receipts',
      basis: 'container-forwarded',
    });
    expect(declaration.delivered).toEqual({
      at: '2026-03-02T09:00:04.200Z',
      clock: 'receipts',
      basis: 'tax-office-answer',
    });
  });

  it('states an answer received when its container reached the operator, passed on when recorded, delivered by the receipt notice', () => {
    const kind = byKind(acceptedFiling());
    for (const answer of [kind('acceptance-receipt'), kind('acceptance-receipt-signature')]) {
      expect(answer).toMatchObject({ from: 'tax-office', to: 'subscriber' });
      expect(answer.receivedFromSender).toEqual({
        at: '2026-03-02T09:00:04.200Z',
        clock: 'receipts',
        basis: 'answer-received',
      });
      expect(answer.passedOn).toEqual({
        at: '2026-03-02T09:00:05.000Z',
        clock: 'gateway-database',
        basis: 'recorded',
      });
      expect(answer.delivered).toEqual({
        at: '2026-03-02T10:00:00.000Z',
        clock: 'gateway',
        basis: 'receipt-notice',
      });
    }
  });

  it('states the receipt notice taken in from the subscriber and forwarded by the receipts service', () => {
    const notice = byKind(acceptedFiling())('receipt-notice');
    expect(notice).toMatchObject({ from: 'subscriber', to: 'tax-office', delivered: null });
    expect(notice.receivedFromSender).toEqual({
      at: '2026-03-02T10:00:00.000Z',
      clock: 'gateway',
      basis: 'intake',
    });
    expect(notice.passedOn).toEqual({
      at: '2026-03-02T10:00:00.900Z',
      clock: 'receipts',
      basis: 'receipt-notice-forwarded',
    });
  });

  it('states the sending-date confirmation issued by the operator and passed on to the subscriber', () => {
    const confirmation = byKind(acceptedFiling())('sending-date-confirmation');
    expect(confirmation).toMatchObject({ from: 'operator', to: 'subscriber', delivered: null });
    expect(confirmation.receivedFromSender).toEqual({
      at: '2026-03-02T09:00:01.500Z',
      clock: 'receipts',
      basis: 'issued',
    });
  });

  it('claims no step that is not recorded: a filing just taken in was neither passed on nor delivered', () => {
    const records = acceptedFiling();
    const fresh: EvidenceRecords = {
      ...records,
      documents: records.documents.slice(0, 2),
      timeline: records.timeline.slice(0, 1),
      receiptNotices: [],
    };
    const statement = buildEvidenceStatement(fresh);
    expect(statement.documents.map((d) => d.kind)).toEqual(['declaration', 'client-signature']);
    for (const d of statement.documents) {
      expect(d.receivedFromSender?.basis).toBe('intake');
      expect(d.passedOn).toBeNull();
      expect(d.delivered).toBeNull();
    }
  });

  it('takes a notice of refusal as the tax office’s word that the declaration reached it', () => {
    const records = acceptedFiling();
    const refused: EvidenceRecords = {
      ...records,
      timeline: [
        ...records.timeline.slice(0, 2),
        {
          at: at('2026-03-02T09:00:03.000Z'),
          detail: { receipt: 'refusal-notice', receivedAt: '2026-03-02T09:00:03.700Z' },
        },
      ],
    };
    expect(byKind(refused)('declaration').delivered).toEqual({
      at: '2026-03-02T09:00:03.700Z',
      clock: 'receipts',
      basis: 'tax-office-answer',
    });
  });

  it('lists the SHA-256 and size of every document with the filing’s identifiers and the clocks', () => {
    const records = acceptedFiling();
    const statement = buildEvidenceStatement(records);
    expect(evidenceStatementSchema.parse(statement)).toEqual(statement);
    expect(statement).toMatchObject({ type: 'tks.evidence-statement', version: 1, hashAlgorithm: 'SHA-256' });
    expect(statement.filing).toEqual({
      filingId: FILING_ID,
      docflowId: records.filing.docflowId,
      subscriberId: '2TK-1',
      fileId: records.filing.fileId,
      formCode: '1152017',
      taxOfficeCode: '9991',
    });
    expect(statement.documents.map((d) => [d.sha256, d.size])).toEqual(
      records.documents.map((d) => [d.sha256, d.size]),
    );
    expect(Object.keys(statement.clock.sources).sort()).toEqual(['gateway', 'gateway-database', 'receipts']);
  });

  it('gives the same canonical bytes for the same records, whatever order they are read in', () => {
    const records = acceptedFiling();
    const shuffled: EvidenceRecords = { ...records, documents: [...records.documents].reverse() };
    const first = canonicalStatement(buildEvidenceStatement(records));
    const second = canonicalStatement(buildEvidenceStatement(shuffled));
    expect(second).toEqual(first);
    expect(first.sha256).toBe(createHash('sha256').update(first.text, 'utf8').digest('hex'));
    // RFC 8785: members sorted, no whitespace.
    expect(first.text.startsWith('{"clock":{"precision":"millisecond","sources":{')).toBe(true);
    expect(first.text).not.toMatch(/\s"|":\s/);
  });

  it('changes the statement when a later step is recorded', () => {
    const records = acceptedFiling();
    const before = canonicalStatement(
      buildEvidenceStatement({
        ...records,
        receiptNotices: [{ ...records.receiptNotices[0], forwardedAt: null }],
      }),
    );
    expect(before.sha256).not.toBe(canonicalStatement(buildEvidenceStatement(records)).sha256);
  });
});
