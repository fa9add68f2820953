import { TaxpayerSignature1732541000010 } from '../migrations/1732541000010-taxpayer-signature';
import { SubscriberCertificate } from './subscriber-certificate.entity';
import { SubscriberCertificatesRepository } from './subscriber-certificates.repository';
import { SubscriberCertificatesService } from './subscriber-certificates.service';
import { SubscriberStateHandler } from './subscriber-state.handler';

/** The signer's read model of subscribers' certificates (issue 10), wired into SignerModule. */
export const subscriberCertificatesParts = {
  entities: [SubscriberCertificate],
  migrations: [TaxpayerSignature1732541000010],
  controllers: [SubscriberStateHandler],
  providers: [SubscriberCertificatesRepository, SubscriberCertificatesService],
};
