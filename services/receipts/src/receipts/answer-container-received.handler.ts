import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { containerFromTaxOffice, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { AnswerReceivingService } from './answer-receiving.service';

@Controller()
export class AnswerContainerReceivedHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly answers: AnswerReceivingService,
  ) {}

  @EventPattern(Topics.containerFromTaxOffice.name)
  async onAnswer(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(containerFromTaxOffice, message, (e, m) =>
      this.answers.receive(e.payload, m),
    );
  }
}
