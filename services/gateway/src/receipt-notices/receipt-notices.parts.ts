import { DocflowProgress1732541000090 } from '../migrations/1732541000090-docflow-progress';
import { ReceiptNoticeEventsHandler } from './receipt-notice-events.handler';
import { ReceiptNoticeForwarding } from './receipt-notice-forwarding';
import { ReceiptNoticeIntakeService } from './receipt-notice-intake.service';
import { ReceiptNotice } from './receipt-notice.entity';
import { ReceiptNoticesController } from './receipt-notices.controller';
import { ReceiptNoticesRepository } from './receipt-notices.repository';

/** What issue 9 (receipt notices; progress apart from outcome) adds to the gateway module. */
export const receiptNoticeParts = {
  entities: [ReceiptNotice],
  migrations: [DocflowProgress1732541000090],
  controllers: [ReceiptNoticesController, ReceiptNoticeEventsHandler],
  providers: [ReceiptNoticeIntakeService, ReceiptNoticeForwarding, ReceiptNoticesRepository],
};
