import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { containerToTaxOffice, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { ContainerIntakeService } from './container-intake.service';

@Controller()
export class ContainerReceivedHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly intake: ContainerIntakeService,
  ) {}

  @EventPattern(Topics.containerToTaxOffice.name)
  async onContainer(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(containerToTaxOffice, message, (e, m) => this.intake.receive(e.payload, m));
  }
}
