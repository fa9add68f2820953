import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  EVIDENCE_STATEMENT_TYPE,
  EvidenceBasis,
  EvidenceClock,
  EvidenceDocument,
  EvidenceParty,
  EvidenceStatement,
  EvidenceTime,
} from '@tks/contracts';

/** The filing's identifiers as recorded at intake. */
export interface EvidenceFiling {
  readonly filingId: string;
  readonly docflowId: string;
  readonly subscriberId: string;
  readonly fileId: string | null;
  readonly formCode: string | null;
  readonly taxOfficeCode: string | null;
  /** Taken in from the subscriber: the gateway's clock in the intake transaction. */
  readonly submittedAt: Date;
}

export interface EvidenceDocumentRecord {
  readonly documentId: string;
  readonly kind: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  /** For a receipt notice: the answer it confirms. */
  readonly acknowledges: string | null;
  /** `filing_documents.created_at`: PostgreSQL's now() in the transaction that recorded it. */
  readonly createdAt: Date;
}

/** A line of the filing's timeline, as docflow-recorder.ts wrote it. */
export interface EvidenceTimelineRecord {
  readonly at: Date;
  readonly detail: Readonly<Record<string, string>> | null;
}

export interface EvidenceReceiptNoticeRecord {
  readonly acknowledgedKind: string;
  /** Taken in from the subscriber (gateway clock). */
  readonly sentAt: Date;
  /** Handed to the tax office by the receipts service (its clock). */
  readonly forwardedAt: Date | null;
}

export interface EvidenceRecords {
  readonly filing: EvidenceFiling;
  readonly documents: readonly EvidenceDocumentRecord[];
  readonly timeline: readonly EvidenceTimelineRecord[];
  readonly receiptNotices: readonly EvidenceReceiptNoticeRecord[];
}

/** What the statement says about each clock (the `clock` names of its times). */
export const EVIDENCE_CLOCK_SOURCES: Readonly<Record<EvidenceClock, string>> = {
  gateway:
    'system clock (UTC) of the operator’s gateway process, read when it took a document in and stored in the same transaction',
  'gateway-database':
    'clock of the operator’s gateway database (PostgreSQL now()), the start of the transaction that recorded the document',
  receipts:
    'system clock (UTC) of the operator’s receipts service, read at the step and sent in the event that reported it',
};

const ANSWERS = ['acceptance-receipt', 'refusal-notice', 'input-notice', 'clarification-notice'];
/** The tax office's first answer is its statement that the declaration reached it. */
const FIRST_ANSWERS = ['acceptance-receipt', 'refusal-notice'];
const TO_TAX_OFFICE = ['declaration', 'client-signature', 'declaration-signature', 'transport-container'];

const time = (at: Date | null | undefined, clock: EvidenceClock, basis: EvidenceBasis): EvidenceTime =>
  at ? { at: at.toISOString(), clock, basis } : null;

/**
 * Builds the statement from what was recorded when each step happened: intake times, the times the
 * other services reported in their events (kept on the timeline), the documents' recording times
 * and the receipt notices. Nothing is derived from the clock now, so the same records always give
 * the same statement, byte for byte once canonical.
 */
export function buildEvidenceStatement(records: EvidenceRecords): EvidenceStatement {
  const { filing } = records;
  const receiptLine = (kind: string) =>
    records.timeline.find((line) => line.detail?.receipt === kind) ?? null;
  const answerReceived = (kind: string): EvidenceTime => {
    const received = receiptLine(kind)?.detail?.receivedAt;
    return received ? time(new Date(received), 'receipts', 'answer-received') : null;
  };
  const forwarded = time(receiptLine('sending-date-confirmation')?.at, 'receipts', 'container-forwarded');
  const firstAnswer = FIRST_ANSWERS.map((kind) => answerReceived(kind)).find((t) => t !== null) ?? null;
  const delivered: EvidenceTime = firstAnswer ? { ...firstAnswer, basis: 'tax-office-answer' } : null;

  const documents = [...records.documents]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.documentId.localeCompare(b.documentId))
    .map((document): EvidenceDocument => {
      const recorded = time(document.createdAt, 'gateway-database', 'recorded');
      const base = {
        documentId: document.documentId,
        kind: document.kind,
        fileName: document.fileName,
        mediaType: document.mediaType,
        size: document.size,
        sha256: document.sha256,
      };
      const subject = document.kind.replace(/-signature$/, '');
      const route = (
        from: EvidenceParty,
        to: EvidenceParty,
        receivedFromSender: EvidenceTime,
        passedOn: EvidenceTime,
        deliveredAt: EvidenceTime,
      ): EvidenceDocument => ({ ...base, from, to, receivedFromSender, passedOn, delivered: deliveredAt });

      if (TO_TAX_OFFICE.includes(document.kind)) {
        const intake = ['declaration', 'client-signature'].includes(document.kind)
          ? time(filing.submittedAt, 'gateway', 'intake')
          : recorded;
        const from = document.kind === 'transport-container' ? 'operator' : 'subscriber';
        return route(from, 'tax-office', intake, forwarded, delivered);
      }
      if (subject === 'sending-date-confirmation') {
        return route(
          'operator',
          'subscriber',
          time(receiptLine(subject)?.at, 'receipts', 'issued'),
          recorded,
          null,
        );
      }
      if (ANSWERS.includes(subject)) {
        const notice = records.receiptNotices.find((n) => n.acknowledgedKind === subject);
        return route(
          'tax-office',
          'subscriber',
          answerReceived(subject),
          recorded,
          time(notice?.sentAt, 'gateway', 'receipt-notice'),
        );
      }
      if (subject === 'receipt-notice') {
        const notice = records.receiptNotices.find((n) => n.acknowledgedKind === document.acknowledges);
        return route(
          'subscriber',
          'tax-office',
          time(notice?.sentAt, 'gateway', 'intake'),
          time(notice?.forwardedAt, 'receipts', 'receipt-notice-forwarded'),
          null,
        );
      }
      // A kind this version does not know: its hash and recording time, nothing claimed beyond.
      return route('operator', 'subscriber', recorded, null, null);
    });

  return {
    type: EVIDENCE_STATEMENT_TYPE,
    version: 1,
    filing: {
      filingId: filing.filingId,
      docflowId: filing.docflowId,
      subscriberId: filing.subscriberId,
      fileId: filing.fileId,
      formCode: filing.formCode,
      taxOfficeCode: filing.taxOfficeCode,
    },
    clock: { timeScale: 'UTC', precision: 'millisecond', sources: { ...EVIDENCE_CLOCK_SOURCES } },
    hashAlgorithm: 'SHA-256',
    documents,
  };
}

/** The bytes that are signed: RFC 8785 canonical JSON, UTF-8. */
export function canonicalStatement(statement: EvidenceStatement): { text: string; sha256: string } {
  const text = canonicalize(statement);
  if (text === undefined) throw new Error('an evidence statement has no JSON form');
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}
