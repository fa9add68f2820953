import { Injectable } from '@nestjs/common';
import { CertificateState, subscriberState, SubscriberState } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import type { Transaction } from '../persistence/transactions.repository';
import { Subscriber } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { BoundCertificate } from './certificate.entity';
import { CertificatesRepository } from './certificates.repository';

/**
 * Queues the subscriber's whole state, certificates included, on the compacted state topic: the
 * latest event per subscriber is all a late reader needs to rebuild its model.
 */
@Injectable()
export class SubscriberStatePublisher {
  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly certificates: CertificatesRepository,
  ) {}

  async publish(tx: Transaction, subscriberId: string, now: Date): Promise<void> {
    const subscriber = await this.subscribers.get(tx, subscriberId);
    const certificates = await this.certificates.ofSubscriber(tx, subscriberId);
    await enqueueEvent(tx, subscriberState, subscriberId, toSubscriberState(subscriber, certificates), now);
  }
}

export function toSubscriberState(s: Subscriber, certificates: BoundCertificate[]): SubscriberState {
  return {
    subscriberId: s.subscriberId,
    registrationId: s.registrationId,
    kind: s.kind,
    name: s.name,
    inn: s.inn,
    kpp: s.kpp ?? undefined,
    ogrn: s.ogrn ?? undefined,
    taxOfficeCodes: s.taxOfficeCodes,
    status: s.status,
    registeredAt: s.registeredAt.toISOString(),
    certificates: certificates.map(toCertificateState),
  };
}

function toCertificateState(c: BoundCertificate): CertificateState {
  const iso = (d: Date | null) => d?.toISOString();
  return {
    certificateId: c.certificateId,
    serialNumber: c.serialNumber,
    subject: c.subject,
    issuer: c.issuer,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    publicKeyAlgorithm: c.publicKeyAlgorithm,
    identity: c.identity,
    subjectSignTool: c.subjectSignTool ?? undefined,
    lifecycle: c.lifecycle,
    usableUntil: iso(c.usableUntil),
    status: c.status,
    statusDetail: c.statusDetail ?? undefined,
    checkedAt: c.checkedAt.toISOString(),
    taxAuthority: {
      status: c.taxAuthorityStatus,
      decidedAt: iso(c.taxAuthorityDecidedAt),
      durationMs: c.taxAuthorityDurationMs ?? undefined,
      reasonCode: c.taxAuthorityReasonCode ?? undefined,
      reason: c.taxAuthorityReason ?? undefined,
    },
    expiryWarnings: c.expiryWarnings,
    boundAt: c.boundAt.toISOString(),
    endedAt: iso(c.endedAt),
    der: c.der.toString('base64'),
  };
}
