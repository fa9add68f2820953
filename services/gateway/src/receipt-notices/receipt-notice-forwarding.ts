import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { ReceiptNoticeForwarded } from '@tks/contracts';
import { recordDocflowEvent } from '../docflow/docflow-recorder';
import { ReceiptNotice } from './receipt-notice.entity';

/**
 * The operator forwarded a receipt notice to the tax office: the notice is `forwarded`, and the
 * filing's progress may now be `finished` (docflow/docflow-state.ts). Applied once per notice: a
 * second report of the same forwarding changes nothing.
 */
@Injectable()
export class ReceiptNoticeForwarding {
  async apply(event: ReceiptNoticeForwarded, manager: EntityManager): Promise<void> {
    const forwardedAt = new Date(event.forwardedAt);
    const updated = await manager.update(
      ReceiptNotice,
      { receiptNoticeId: event.receiptNoticeId, forwardedAt: IsNull() },
      { forwardedAt },
    );
    if (!updated.affected) {
      const known = await manager.findOneBy(ReceiptNotice, { receiptNoticeId: event.receiptNoticeId });
      if (!known) throw new Error(`receipt notice ${event.receiptNoticeId} is not known here`);
      return;
    }
    await recordDocflowEvent(manager, event.filingId, {
      at: forwardedAt,
      detail: { receiptNotice: 'forwarded', acknowledges: event.acknowledgedKind },
    });
  }
}
