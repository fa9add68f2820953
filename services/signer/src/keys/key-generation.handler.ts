import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { keyGenerationRequested, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { KeyGenerationService } from './key-generation.service';

@Controller()
export class KeyGenerationHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly keys: KeyGenerationService,
  ) {}

  @EventPattern(Topics.keyGenerationRequested.name)
  async onRequested(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(keyGenerationRequested, message, (e, m) => this.keys.generate(e.payload, m));
  }
}
