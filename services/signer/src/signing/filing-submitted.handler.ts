import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { filingSubmitted, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { FilingSigningService } from './filing-signing.service';

@Controller()
export class FilingSubmittedHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly signing: FilingSigningService,
  ) {}

  @EventPattern(Topics.filingSubmitted.name)
  async onSubmitted(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(filingSubmitted, message, (e, m) => this.signing.sign(e.payload, m));
  }
}
