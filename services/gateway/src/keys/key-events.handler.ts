import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { keyGenerated, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { KeysService } from './keys.service';

@Controller()
export class KeyEventsHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly keys: KeysService,
  ) {}

  @EventPattern(Topics.keyGenerated.name)
  async onGenerated(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(keyGenerated, message, (e, m) => this.keys.apply(e.payload, m));
  }
}
