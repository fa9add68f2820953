import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import type { AcknowledgeableKind } from '@tks/receipt-notice';
import type { Transaction } from '../persistence/transactions.repository';
import { ReceiptNotice } from './receipt-notice.entity';

/** The subscribers' receipt notices (receipt_notices): the only code of the gateway that queries them. */
@Injectable()
export class ReceiptNoticesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The notice of this answer of the tax office, if one was sent. */
  forAnswer(filingId: string, acknowledgedKind: AcknowledgeableKind): Promise<ReceiptNotice | null> {
    return this.dataSource.getRepository(ReceiptNotice).findOneBy({ filingId, acknowledgedKind });
  }

  /** The filing's notices, in no particular order. */
  ofFiling(filingId: string): Promise<ReceiptNotice[]> {
    return this.dataSource.getRepository(ReceiptNotice).findBy({ filingId });
  }

  /** The filing's notices in the order they were sent. */
  ofFilingInOrder(filingId: string): Promise<ReceiptNotice[]> {
    return this.dataSource
      .getRepository(ReceiptNotice)
      .find({ where: { filingId }, order: { sentAt: 'ASC' } });
  }

  async insert(tx: Transaction, notice: ReceiptNotice): Promise<void> {
    await tx.insert(ReceiptNotice, notice);
  }

  /** Marks the notice forwarded; false when it already was, or is not known. */
  async markForwarded(tx: Transaction, receiptNoticeId: string, forwardedAt: Date): Promise<boolean> {
    const updated = await tx.update(
      ReceiptNotice,
      { receiptNoticeId, forwardedAt: IsNull() },
      { forwardedAt },
    );
    return Boolean(updated.affected);
  }

  async exists(tx: Transaction, receiptNoticeId: string): Promise<boolean> {
    return (await tx.findOneBy(ReceiptNotice, { receiptNoticeId })) !== null;
  }

  /** The kinds of the answers whose notices the operator forwarded, read in the caller's transaction. */
  async forwardedKinds(tx: Transaction, filingId: string): Promise<AcknowledgeableKind[]> {
    const forwarded = await tx.find(ReceiptNotice, {
      select: { acknowledgedKind: true },
      where: { filingId, forwardedAt: Not(IsNull()) },
    });
    return forwarded.map((n) => n.acknowledgedKind);
  }
}
