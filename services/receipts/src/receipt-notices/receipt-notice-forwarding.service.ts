import { Inject, Injectable } from '@nestjs/common';
import { receiptNoticeForwarded, ReceiptNoticeSent } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import { Clock, CLOCK } from '../documents/clock';
import type { Transaction } from '../persistence/transactions.repository';
import { ReceiptsRepository } from '../receipts/receipts.repository';
import { ForwardedReceiptNoticesRepository } from './forwarded-receipt-notices.repository';

/**
 * The operator passes a subscriber's receipt notice on to the tax office (domain README, docflow
 * step 5): it must confirm an answer this service issued for the filing, under that answer's file
 * name. The row and `receipt-notice.forwarded` commit together with the inbox entry; the unique
 * (filing_id, acknowledged_kind) keeps it to one notice per answer, so a redelivered or repeated
 * notice is forwarded once.
 */
@Injectable()
export class ReceiptNoticeForwardingService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly receipts: ReceiptsRepository,
    private readonly notices: ForwardedReceiptNoticesRepository,
  ) {}

  async forward(event: ReceiptNoticeSent, manager: Transaction): Promise<void> {
    const answer = await this.receipts.find(manager, event.filingId, event.acknowledgedKind);
    // The gateway only takes notices of answers it holds, which came from here: a miss is a defect,
    // and the consumer's retries end on the dead-letter topic rather than forwarding a stray notice.
    if (!answer || answer.fileName !== event.acknowledgedFileName) {
      throw new Error(
        `receipt notice ${event.receiptNoticeId} confirms ${event.acknowledgedFileName}, not an answer issued for filing ${event.filingId}`,
      );
    }
    const forwardedAt = this.clock();
    const inserted = await this.notices.insertOnce(manager, {
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
    });
    if (!inserted) return;
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
