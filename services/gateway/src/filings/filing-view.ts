import { API_PREFIX } from '../http/configure-http';
import { ReceiptNotice } from '../receipt-notices/receipt-notice.entity';
import { receiptNoticeView } from '../receipt-notices/receipt-notice-view';
import { FilingDocument } from './filing-document.entity';
import { FilingEvent } from './filing-event.entity';
import { Filing } from './filing.entity';

/** The one shape a filing has in the API: the same names as the events and the tables. */
export function filingView(
  filing: Filing,
  documents: FilingDocument[],
  events: FilingEvent[],
  receiptNotices: ReceiptNotice[] = [],
) {
  const self = `/${API_PREFIX}/filings/${filing.filingId}`;
  return {
    filingId: filing.filingId,
    docflowId: filing.docflowId,
    /** The legacy combined field; `progress` and `outcome` say the same apart. */
    status: filing.status,
    progress: filing.progress,
    outcome: filing.outcome,
    subscriberId: filing.subscriberId,
    fileId: filing.fileId,
    formCode: filing.formCode,
    taxOfficeCode: filing.taxOfficeCode,
    submittedAt: filing.submittedAt.toISOString(),
    updatedAt: filing.updatedAt.toISOString(),
    ...refusalOf(filing),
    ...signingOf(filing),
    timeline: events.map((e) => ({
      status: e.status,
      ...(e.progress ? { progress: e.progress } : {}),
      ...(e.progress ? { outcome: e.outcome } : {}),
      at: e.at.toISOString(),
      detail: e.detail ?? undefined,
    })),
    documents: documents.map((d) => ({
      documentId: d.documentId,
      kind: d.kind,
      ...(d.acknowledges ? { acknowledges: d.acknowledges } : {}),
      fileName: d.fileName,
      mediaType: d.mediaType,
      size: d.size,
      sha256: d.sha256,
      href: `${self}/documents/${d.documentId}`,
    })),
    /** The subscriber's receipt notices of the tax office's answers (issue 9). */
    receiptNotices: receiptNotices.map(receiptNoticeView),
    links: { self },
  };
}
export type FilingViewBody = ReturnType<typeof filingView>;

/**
 * How the taxpayer signs (issue 10): `client` (its own signature came with the declaration) or
 * `cloud` (its key on the operator's HSM), then `awaiting-consent` until a client key of the
 * subscriber consents with `POST /filings/{id}/consent`, `consented` with who and when afterwards.
 */
function signingOf(filing: Filing) {
  if (!filing.signatureMode) return {};
  if (filing.signatureMode === 'client') return { signing: { mode: 'client' as const } };
  return {
    signing: {
      mode: 'cloud' as const,
      state: filing.consentGivenAt ? ('consented' as const) : ('awaiting-consent' as const),
      consent: filing.consentGivenAt
        ? {
            givenBy: filing.consentGivenBy,
            givenAt: filing.consentGivenAt.toISOString(),
            certificateId: filing.consentCertificateId,
          }
        : null,
      links: { consent: `/${API_PREFIX}/filings/${filing.filingId}/consent` },
    },
  };
}

/** Why the gateway refused the filing (status `refused`), in the shape of the problem it answered. */
function refusalOf(filing: Filing) {
  if (filing.status !== 'refused') return {};
  return {
    refusal: {
      code: filing.refusalCode,
      message: filing.refusalMessage,
      ...(filing.refusalErrors ? { errors: filing.refusalErrors } : {}),
    },
  };
}

/** A filing in a list: what it is and where it stands, without timeline and documents. */
export function filingSummary(filing: Filing) {
  return {
    filingId: filing.filingId,
    status: filing.status,
    progress: filing.progress,
    outcome: filing.outcome,
    subscriberId: filing.subscriberId,
    fileId: filing.fileId,
    formCode: filing.formCode,
    taxOfficeCode: filing.taxOfficeCode,
    submittedAt: filing.submittedAt.toISOString(),
    updatedAt: filing.updatedAt.toISOString(),
    ...refusalOf(filing),
    links: { self: `/${API_PREFIX}/filings/${filing.filingId}` },
  };
}
