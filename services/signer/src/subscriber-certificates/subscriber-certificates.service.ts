import { Injectable } from '@nestjs/common';
import type { CertificateState, SubscriberState } from '@tks/contracts';
import type { Transaction } from '../persistence/transactions.repository';
import { SubscriberCertificatesRepository } from './subscriber-certificates.repository';

/**
 * Keeps the subscribers' certificates as the registry last published them. The state topic is
 * keyed by subscriber id, so its partition order is the registry's order: each state replaces the
 * subscriber's whole list. A state without `certificates` (the first shape) says nothing about them.
 */
@Injectable()
export class SubscriberCertificatesService {
  constructor(private readonly certificates: SubscriberCertificatesRepository) {}

  async apply(state: SubscriberState, manager: Transaction): Promise<void> {
    if (!state.certificates) return;
    await this.certificates.replace(manager, state.subscriberId, state.certificates, new Date());
  }

  async of(subscriberId: string, manager: Transaction): Promise<CertificateState[]> {
    const rows = await this.certificates.ofSubscriber(manager, subscriberId);
    return rows.map((row) => row.state);
  }
}
