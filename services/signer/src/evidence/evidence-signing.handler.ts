import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { evidenceStatementRequested, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { EvidenceSigningService } from './evidence-signing.service';

@Controller()
export class EvidenceSigningHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly evidence: EvidenceSigningService,
  ) {}

  @EventPattern(Topics.evidenceStatementRequested.name)
  async onRequested(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(evidenceStatementRequested, message, (e, m) =>
      this.evidence.sign(e.payload, m),
    );
  }
}
