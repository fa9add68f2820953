import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { certificateExpiryWarning, certificateRequestDecided, Topics } from '@tks/contracts';
import { EventConsumer } from '@tks/messaging';
import { SubscriberCertificatesService } from './subscriber-certificates.service';

@Controller()
export class CertificateEventsHandler {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly certificates: SubscriberCertificatesService,
  ) {}

  @EventPattern(Topics.certificateRequestDecided.name)
  async onDecided(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(certificateRequestDecided, message, (e, m) =>
      this.certificates.applyDecision(e.payload, m),
    );
  }

  @EventPattern(Topics.certificateExpiryWarning.name)
  async onExpiryWarning(@Payload() message: unknown): Promise<void> {
    await this.consumer.consume(certificateExpiryWarning, message, (e, m) =>
      this.certificates.applyWarning(e.payload, m),
    );
  }
}
