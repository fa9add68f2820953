import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { subscriberRegistrationRequested, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { SubscriberRegistrationService } from './subscriber-registration.service';

@Controller()
export class SubscriberRegistrationHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly registrations: SubscriberRegistrationService,
  ) {}

  @EventPattern(Topics.subscriberRegistrationRequested.name)
  async onRegistrationRequested(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(subscriberRegistrationRequested, message, (event, manager) =>
      this.registrations.register(event.payload, manager),
    );
  }
}
