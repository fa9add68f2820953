import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { receiptNoticeForwarded, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { ReceiptNoticeForwarding } from './receipt-notice-forwarding';

@Controller()
export class ReceiptNoticeEventsHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly forwarding: ReceiptNoticeForwarding,
  ) {}

  @EventPattern(Topics.receiptNoticeForwarded.name)
  async onForwarded(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(receiptNoticeForwarded, message, (e, m) =>
      this.forwarding.apply(e.payload, m),
    );
  }
}
