import { Injectable } from '@nestjs/common';
import type { CertificateState } from '@tks/contracts';
import type { Transaction } from '../persistence/transactions.repository';
import { SubscriberCertificate } from './subscriber-certificate.entity';

/**
 * The signer's read model of subscribers' certificates (subscriber_certificates): the only code of
 * the signer that queries it. Every method works in the caller's transaction.
 */
@Injectable()
export class SubscriberCertificatesRepository {
  /** The subscriber's whole list becomes `certificates` (none: the list is emptied). */
  async replace(
    tx: Transaction,
    subscriberId: string,
    certificates: readonly CertificateState[],
    updatedAt: Date,
  ): Promise<void> {
    await tx.delete(SubscriberCertificate, { subscriberId });
    if (certificates.length === 0) return;
    await tx.insert(
      SubscriberCertificate,
      certificates.map((certificate) => ({
        subscriberId,
        certificateId: certificate.certificateId,
        state: certificate,
        updatedAt,
      })),
    );
  }

  ofSubscriber(tx: Transaction, subscriberId: string): Promise<SubscriberCertificate[]> {
    return tx.findBy(SubscriberCertificate, { subscriberId });
  }
}
