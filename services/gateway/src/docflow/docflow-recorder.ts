import { EntityManager, Not, IsNull } from 'typeorm';
import { isAcknowledgeable } from '@tks/receipt-notice';
import { FilingDocument } from '../filings/filing-document.entity';
import { FilingEvent } from '../filings/filing-event.entity';
import { Filing, FilingStatus, statusRank } from '../filings/filing.entity';
import { ReceiptNotice } from '../receipt-notices/receipt-notice.entity';
import { observeStage } from '../metrics/filing-metrics';
import { DocflowFacts, docflowState } from './docflow-state';

export interface DocflowEvent {
  /** The status this event stands for; the filing's own status only ever moves forward. */
  readonly status?: FilingStatus;
  readonly at: Date;
  readonly detail: Record<string, string>;
  /** Columns set with the status in one update (a refused filing must carry its refusal code). */
  readonly columns?: Pick<Partial<Filing>, 'refusalCode' | 'refusalMessage'>;
}

/**
 * Records one event of a filing's docflow, after the documents it brought are stored in the same
 * transaction: a timeline line (and so a line of the events feed) with the status, progress and
 * outcome that follow from everything now known, and the filing updated to them. The filing row
 * is locked, so concurrent events of one filing are recorded one after the other.
 */
export async function recordDocflowEvent(
  manager: EntityManager,
  filingId: string,
  event: DocflowEvent,
): Promise<void> {
  const filing = await manager.findOne(Filing, { where: { filingId }, lock: { mode: 'pessimistic_write' } });
  if (!filing) throw new Error(`filing ${filingId} is not known here yet`);
  const proposed = event.status ?? filing.status;
  const status = statusRank(proposed) > statusRank(filing.status) ? proposed : filing.status;
  const state = docflowState(await factsOf(manager, filingId, status), filing.progress);
  await manager.insert(FilingEvent, {
    filingId,
    status: proposed,
    at: event.at,
    detail: event.detail,
    progress: state.progress,
    outcome: state.outcome,
  });
  await manager.update(
    Filing,
    { filingId },
    { ...(status !== filing.status ? event.columns : {}), status, ...state, updatedAt: new Date() },
  );
  if (state.progress !== filing.progress) {
    observeStage(state.progress, state.outcome, filing.submittedAt, event.at);
  }
}

async function factsOf(
  manager: EntityManager,
  filingId: string,
  status: FilingStatus,
): Promise<DocflowFacts> {
  const [documents, forwarded] = await Promise.all([
    manager.find(FilingDocument, { select: { kind: true }, where: { filingId } }),
    manager.find(ReceiptNotice, {
      select: { acknowledgedKind: true },
      where: { filingId, forwardedAt: Not(IsNull()) },
    }),
  ]);
  const kinds = new Set<string>(documents.map((d) => d.kind));
  return {
    refused: status === 'refused',
    signed: kinds.has('declaration-signature'),
    sendingDateConfirmed: kinds.has('sending-date-confirmation'),
    answers: new Set([...kinds].filter(isAcknowledgeable)),
    forwarded: new Set(forwarded.map((n) => n.acknowledgedKind)),
  };
}
