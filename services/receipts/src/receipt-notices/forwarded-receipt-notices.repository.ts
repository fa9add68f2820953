import { Injectable } from '@nestjs/common';
import type { Transaction } from '../persistence/transactions.repository';
import { ForwardedReceiptNotice } from './forwarded-receipt-notice.entity';

/**
 * Subscribers' receipt notices forwarded to the tax office (forwarded_receipt_notices): the only
 * code of the receipts service that queries them. Every method works in the caller's transaction.
 */
@Injectable()
export class ForwardedReceiptNoticesRepository {
  /**
   * Records the notice unless it, or another notice of the same answer (unique filing_id,
   * acknowledged_kind), is recorded already; whether this call recorded it.
   */
  async insertOnce(tx: Transaction, notice: ForwardedReceiptNotice): Promise<boolean> {
    const inserted = await tx
      .createQueryBuilder()
      .insert()
      .into(ForwardedReceiptNotice)
      .values(notice)
      .orIgnore()
      // Explicit: without RETURNING, PostgreSQL reports no rows whether or not one was inserted.
      .returning('receipt_notice_id')
      .execute();
    return (inserted.raw as unknown[]).length > 0;
  }
}
