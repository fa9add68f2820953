import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { subscriberRegistrationRejected, subscriberState, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { SubscribersService } from './subscribers.service';

@Controller()
export class SubscriberEventsHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly subscribers: SubscribersService,
  ) {}

  @EventPattern(Topics.subscriberState.name)
  async onState(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(subscriberState, message, (e, m) =>
      this.subscribers.applyState(e.payload, m),
    );
  }

  @EventPattern(Topics.subscriberRegistrationRejected.name)
  async onRejected(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(subscriberRegistrationRejected, message, (e, m) =>
      this.subscribers.applyRejection(e.payload, m),
    );
  }
}
