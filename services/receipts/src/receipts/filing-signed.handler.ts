import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { filingSigned, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { ReceiptIssuingService } from './receipt-issuing.service';

@Controller()
export class FilingSignedHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly receipts: ReceiptIssuingService,
  ) {}

  @EventPattern(Topics.filingSigned.name)
  async onSigned(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(filingSigned, message, (e, m) => this.receipts.onFilingSigned(e.payload, m));
  }
}
