import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CertificateState, SubscriberState } from '@tks/contracts';
import { SubscriberCertificate } from './subscriber-certificate.entity';

/**
 * Keeps the subscribers' certificates as the registry last published them. The state topic is
 * keyed by subscriber id, so its partition order is the registry's order: each state replaces the
 * subscriber's whole list. A state without `certificates` (the first shape) says nothing about them.
 */
@Injectable()
export class SubscriberCertificatesService {
  async apply(state: SubscriberState, manager: EntityManager): Promise<void> {
    if (!state.certificates) return;
    await manager.delete(SubscriberCertificate, { subscriberId: state.subscriberId });
    if (state.certificates.length === 0) return;
    const updatedAt = new Date();
    await manager.insert(
      SubscriberCertificate,
      state.certificates.map((certificate) => ({
        subscriberId: state.subscriberId,
        certificateId: certificate.certificateId,
        state: certificate,
        updatedAt,
      })),
    );
  }

  async of(subscriberId: string, manager: EntityManager): Promise<CertificateState[]> {
    const rows = await manager.findBy(SubscriberCertificate, { subscriberId });
    return rows.map((row) => row.state);
  }
}
