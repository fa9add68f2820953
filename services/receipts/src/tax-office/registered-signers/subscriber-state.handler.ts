import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { subscriberState, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { RegisteredSignersService } from './registered-signers.service';

/** The tax authority's register of certificates, read into the tax office's own schema. */
@Controller()
export class TaxOfficeSubscriberStateHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly signers: RegisteredSignersService,
  ) {}

  @EventPattern(Topics.subscriberState.name)
  async onState(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(subscriberState, message, (e, m) => this.signers.apply(e.payload, m));
  }
}
