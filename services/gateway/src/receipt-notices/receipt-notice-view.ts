import { API_PREFIX } from '../http/configure-http';
import { ReceiptNotice } from './receipt-notice.entity';

/** A receipt notice in the API: what it confirms and where it stands (sent, then forwarded). */
export function receiptNoticeView(notice: ReceiptNotice) {
  return {
    receiptNoticeId: notice.receiptNoticeId,
    filingId: notice.filingId,
    acknowledges: { kind: notice.acknowledgedKind, fileName: notice.acknowledgedFileName },
    fileName: notice.fileName,
    status: notice.forwardedAt ? ('forwarded' as const) : ('sent' as const),
    sentAt: notice.sentAt.toISOString(),
    forwardedAt: notice.forwardedAt?.toISOString() ?? null,
    links: { filing: `/${API_PREFIX}/filings/${notice.filingId}` },
  };
}
export type ReceiptNoticeViewBody = ReturnType<typeof receiptNoticeView>;
