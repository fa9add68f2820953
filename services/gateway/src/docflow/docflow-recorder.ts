import { Injectable } from '@nestjs/common';
import { isAcknowledgeable } from '@tks/receipt-notice';
import { Filing, FilingStatus, statusRank } from '../filings/filing.entity';
import { FilingsRepository } from '../filings/filings.repository';
import type { Transaction } from '../persistence/transactions.repository';
import { ReceiptNoticesRepository } from '../receipt-notices/receipt-notices.repository';
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
@Injectable()
export class DocflowRecorder {
  constructor(
    private readonly filings: FilingsRepository,
    private readonly receiptNotices: ReceiptNoticesRepository,
  ) {}

  async record(tx: Transaction, filingId: string, event: DocflowEvent): Promise<void> {
    const filing = await this.filings.lock(tx, filingId);
    if (!filing) throw new Error(`filing ${filingId} is not known here yet`);
    const proposed = event.status ?? filing.status;
    const status = statusRank(proposed) > statusRank(filing.status) ? proposed : filing.status;
    const state = docflowState(await this.factsOf(tx, filingId, status), filing.progress);
    await this.filings.insertEvent(tx, {
      filingId,
      status: proposed,
      at: event.at,
      detail: event.detail,
      progress: state.progress,
      outcome: state.outcome,
    });
    await this.filings.update(tx, filingId, {
      ...(status !== filing.status ? event.columns : {}),
      status,
      ...state,
      updatedAt: new Date(),
    });
    if (state.progress !== filing.progress) {
      observeStage(state.progress, state.outcome, filing.submittedAt, event.at);
    }
  }

  private async factsOf(tx: Transaction, filingId: string, status: FilingStatus): Promise<DocflowFacts> {
    const [documentKinds, forwarded] = await Promise.all([
      this.filings.documentKinds(tx, filingId),
      this.receiptNotices.forwardedKinds(tx, filingId),
    ]);
    const kinds = new Set<string>(documentKinds);
    return {
      refused: status === 'refused',
      signed: kinds.has('declaration-signature'),
      sendingDateConfirmed: kinds.has('sending-date-confirmation'),
      answers: new Set([...kinds].filter(isAcknowledgeable)),
      forwarded: new Set(forwarded),
    };
  }
}
