import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { subscriberState, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { SubscriberCertificatesService } from './subscriber-certificates.service';

@Controller()
export class SubscriberStateHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly certificates: SubscriberCertificatesService,
  ) {}

  @EventPattern(Topics.subscriberState.name)
  async onState(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(subscriberState, message, (e, m) => this.certificates.apply(e.payload, m));
  }
}
