import { Certificates1732541000003 } from '../migrations/1732541000003-certificates';
import { CertificateEventsHandler } from './certificate-events.handler';
import { CertificateExpiryWarningView } from './certificate-expiry-warning.entity';
import { CertificateRequest } from './certificate-request.entity';
import { CertificateView } from './certificate-view.entity';
import { CertificatesRepository } from './certificates.repository';
import { SubscriberCertificatesController } from './subscriber-certificates.controller';
import { SubscriberCertificatesService } from './subscriber-certificates.service';

/**
 * What the gateway's certificate feature adds to GatewayModule (issue 3), in one place so the shared
 * module file needs one spread per list.
 */
export const certificateParts = {
  entities: [CertificateView, CertificateRequest, CertificateExpiryWarningView],
  migrations: [Certificates1732541000003],
  controllers: [SubscriberCertificatesController, CertificateEventsHandler],
  providers: [SubscriberCertificatesService, CertificatesRepository],
};
