import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { filingSignatureRejected, filingSigned, receiptIssued, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { FilingProgressService } from './filing-progress.service';

@Controller()
export class FilingEventsHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly progress: FilingProgressService,
  ) {}

  @EventPattern(Topics.filingSigned.name)
  async onSigned(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(filingSigned, message, (e, m) => this.progress.applySigned(e.payload, m));
  }

  @EventPattern(Topics.filingSignatureRejected.name)
  async onSignatureRejected(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(filingSignatureRejected, message, (e, m) =>
      this.progress.applySignatureRejected(e.payload, m),
    );
  }

  @EventPattern(Topics.receiptIssued.name)
  async onReceiptIssued(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(receiptIssued, message, (e, m) => this.progress.applyReceipt(e.payload, m));
  }
}
