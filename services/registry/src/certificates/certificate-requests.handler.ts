import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { certificateRequested, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { CertificateRequestsService } from './certificate-requests.service';

@Controller()
export class CertificateRequestsHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly requests: CertificateRequestsService,
  ) {}

  @EventPattern(Topics.certificateRequested.name)
  async onRequested(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(certificateRequested, message, (event, manager) =>
      this.requests.handle(event.payload, manager),
    );
  }
}
