import { ReceiptNoticeForwarding1732541000090 } from '../migrations/1732541000090-receipt-notice-forwarding';
import { ForwardedReceiptNotice } from './forwarded-receipt-notice.entity';
import { ForwardedReceiptNoticesRepository } from './forwarded-receipt-notices.repository';
import { ReceiptNoticeForwardingService } from './receipt-notice-forwarding.service';
import { ReceiptNoticeSentHandler } from './receipt-notice-sent.handler';

/** What issue 9 (the operator forwards the subscribers' receipt notices) adds to the receipts module. */
export const receiptNoticeParts = {
  entities: [ForwardedReceiptNotice],
  migrations: [ReceiptNoticeForwarding1732541000090],
  controllers: [ReceiptNoticeSentHandler],
  providers: [ForwardedReceiptNoticesRepository, ReceiptNoticeForwardingService],
};
