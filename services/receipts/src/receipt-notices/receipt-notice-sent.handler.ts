import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { receiptNoticeSent, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { ReceiptNoticeForwardingService } from './receipt-notice-forwarding.service';

@Controller()
export class ReceiptNoticeSentHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly forwarding: ReceiptNoticeForwardingService,
  ) {}

  @EventPattern(Topics.receiptNoticeSent.name)
  async onSent(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(receiptNoticeSent, message, (e, m) => this.forwarding.forward(e.payload, m));
  }
}
