import { Injectable } from '@nestjs/common';
import { ReceiptNoticeForwarded } from '@tks/contracts';
import { DocflowRecorder } from '../docflow/docflow-recorder';
import type { Transaction } from '../persistence/transactions.repository';
import { ReceiptNoticesRepository } from './receipt-notices.repository';

/**
 * The operator forwarded a receipt notice to the tax office: the notice is `forwarded`, and the
 * filing's progress may now be `finished` (docflow/docflow-state.ts). Applied once per notice: a
 * second report of the same forwarding changes nothing.
 */
@Injectable()
export class ReceiptNoticeForwarding {
  constructor(
    private readonly receiptNotices: ReceiptNoticesRepository,
    private readonly docflow: DocflowRecorder,
  ) {}

  async apply(event: ReceiptNoticeForwarded, manager: Transaction): Promise<void> {
    const forwardedAt = new Date(event.forwardedAt);
    if (!(await this.receiptNotices.markForwarded(manager, event.receiptNoticeId, forwardedAt))) {
      if (!(await this.receiptNotices.exists(manager, event.receiptNoticeId)))
        throw new Error(`receipt notice ${event.receiptNoticeId} is not known here`);
      return;
    }
    await this.docflow.record(manager, event.filingId, {
      at: forwardedAt,
      detail: { receiptNotice: 'forwarded', acknowledges: event.acknowledgedKind },
    });
  }
}
