import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { evidenceStatementSigned, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { EvidenceService } from './evidence.service';

@Controller()
export class EvidenceEventsHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly evidence: EvidenceService,
  ) {}

  @EventPattern(Topics.evidenceStatementSigned.name)
  async onSigned(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(evidenceStatementSigned, message, (e, m) =>
      this.evidence.apply(e.payload, m),
    );
  }
}
