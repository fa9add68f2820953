import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { receiptNoticeForwarded, ReceiptNoticeSent } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import { Clock, CLOCK } from '../documents/clock';
import { Receipt } from '../receipts/receipt.entity';
import { ForwardedReceiptNotice } from './forwarded-receipt-notice.entity';

/**
 * The operator passes a subscriber's receipt notice on to the tax office (domain README, docflow
 * step 5): it must confirm an answer this service issued for the filing, under that answer's file
 * name. The row and `receipt-notice.forwarded` commit together with the inbox entry; the unique
 * (filing_id, acknowledged_kind) keeps it to one notice per answer, so a redelivered or repeated
 * notice is forwarded once.
 */
@Injectable()
export class ReceiptNoticeForwardingService {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async forward(event: ReceiptNoticeSent, manager: EntityManager): Promise<void> {
    const answer = await manager.findOneBy(Receipt, {
      filingId: event.filingId,
      kind: event.acknowledgedKind,
    });
    // The gateway only takes notices of answers it holds, which came from here: a miss is a defect,
    // and the consumer's retries end on the dead-letter topic rather than forwarding a stray notice.
    if (!answer || answer.fileName !== event.acknowledgedFileName) {
      throw new Error(
        `receipt notice ${event.receiptNoticeId} confirms ${event.acknowledgedFileName}, not an answer issued for filing ${event.filingId}`,
      );
    }
    const forwardedAt = this.clock();
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(ForwardedReceiptNotice)
      .values({
        receiptNoticeId: event.receiptNoticeId,
        filingId: event.filingId,
        receiptId: answer.receiptId,
        acknowledgedKind: event.acknowledgedKind,
        fileName: event.document.fileName,
        documentSha256: event.document.sha256,
        signatureSha256: event.signature.sha256,
        signerCertificateId: event.signerCertificateId,
        sentAt: new Date(event.sentAt),
        forwardedAt,
      })
      .orIgnore()
      // Explicit: without RETURNING, PostgreSQL reports no rows whether or not one was inserted.
      .returning('receipt_notice_id')
      .execute();
    if ((inserted.raw as unknown[]).length === 0) return;
    await enqueueEvent(
      manager,
      receiptNoticeForwarded,
      event.filingId,
      {
        receiptNoticeId: event.receiptNoticeId,
        filingId: event.filingId,
        acknowledgedKind: event.acknowledgedKind,
        forwardedAt: forwardedAt.toISOString(),
      },
      forwardedAt,
    );
  }
}
