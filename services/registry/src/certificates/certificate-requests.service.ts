import { Inject, Injectable } from '@nestjs/common';
import {
  CertificateError,
  matchSubscriberIdentity,
  readQualifiedCertificate,
  usableAfterReissue,
} from '@tks/certificates';
import { CertificateRequested, certificateRequestDecided } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import type { Transaction } from '../persistence/transactions.repository';
import { Subscriber } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { CertificateCheckStatus } from './certificate.entity';
import { CertificatesRepository } from './certificates.repository';
import { Clock, CLOCK } from './clock';
import { SubscriberStatePublisher } from './subscriber-state.publisher';
import { TrustStoreService } from './trust-store.service';

type BindRequest = Extract<CertificateRequested, { action: 'bind' | 'reissue' }>;
type EndRequest = Extract<CertificateRequested, { action: 'revoke' | 'unbind' }>;

/** A refusal with its stable code (docs/errors.md, "Certificates"). */
class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checker verdicts that make a certificate unusable for signing: binding it is refused. */
const UNUSABLE: readonly CertificateCheckStatus[] = ['untrusted', 'signature-invalid', 'expired', 'revoked'];

export const statusCode = (status: CertificateCheckStatus) => `TKS-CERTIFICATE-${status.toUpperCase()}`;

/**
 * Binds, reissues, revokes and unbinds subscribers' certificates. Each request ends in one decision
 * event (applied or rejected with a code) and, when applied, a new subscriber state.
 */
@Injectable()
export class CertificateRequestsService {
  constructor(
    private readonly trust: TrustStoreService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly certificates: CertificatesRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly states: SubscriberStatePublisher,
  ) {}

  async handle(request: CertificateRequested, manager: Transaction): Promise<void> {
    const now = this.clock();
    try {
      const certificateId =
        'certificate' in request
          ? await this.bind(request, manager, now)
          : await this.end(request, manager, now);
      await this.states.publish(manager, request.subscriberId, now);
      await this.decide(manager, request, now, { outcome: 'applied', certificateId });
    } catch (error) {
      if (!(error instanceof Refusal || error instanceof CertificateError)) throw error;
      await this.decide(manager, request, now, {
        outcome: 'rejected',
        code: error.code,
        message: error.message,
      });
    }
  }

  private async bind(request: BindRequest, manager: Transaction, now: Date): Promise<string> {
    const subscriber = await this.activeSubscriber(request.subscriberId, manager);
    const certificate = readQualifiedCertificate(new Uint8Array(Buffer.from(request.certificate, 'base64')));
    if (!certificate.canSign) {
      throw new Refusal(
        'TKS-CERTIFICATE-KEY-USAGE',
        'the key usage allows neither digitalSignature nor nonRepudiation',
      );
    }
    const identity = matchSubscriberIdentity(subscriber, certificate.identity);
    if (!identity.ok) throw new Refusal('TKS-CERTIFICATE-IDENTITY-MISMATCH', identity.message);

    const existing = await this.certificates.find(
      manager,
      subscriber.subscriberId,
      certificate.certificateId,
    );
    if (existing)
      throw new Refusal('TKS-CERTIFICATE-ALREADY-BOUND', `this certificate is ${existing.lifecycle}`);

    const check = await this.trust.check(certificate.x509, now);
    if (UNUSABLE.includes(check.status)) {
      throw new Refusal(statusCode(check.status), `${check.title}${check.detail ? `: ${check.detail}` : ''}`);
    }

    const current = await this.certificates.current(manager, subscriber.subscriberId);
    if (request.action === 'bind' && current) {
      throw new Refusal(
        'TKS-CERTIFICATE-CURRENT-EXISTS',
        'the subscriber has a current certificate: reissue it',
      );
    }
    if (request.action === 'reissue' && !current) {
      throw new Refusal('TKS-CERTIFICATE-NO-CURRENT', 'the subscriber has no current certificate to replace');
    }
    if (current) {
      // The customer's five-day rule: with more than five days left the old one signs to its end.
      const usableUntil = usableAfterReissue(current.notAfter, now);
      const graced = usableUntil.getTime() > now.getTime();
      await this.certificates.update(
        manager,
        current,
        graced
          ? { lifecycle: 'superseded', usableUntil }
          : { lifecycle: 'retired', usableUntil: now, endedAt: now },
      );
    }

    await this.certificates.insert(manager, {
      subscriberId: subscriber.subscriberId,
      certificateId: certificate.certificateId,
      der: Buffer.from(certificate.der),
      serialNumber: certificate.serialNumber,
      subject: certificate.subject,
      issuer: certificate.issuer,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      publicKeyAlgorithm: certificate.publicKeyAlgorithm,
      identity: certificate.identity,
      subjectSignTool: certificate.subjectSignTool ?? null,
      lifecycle: 'current',
      usableUntil: certificate.notAfter,
      status: check.status,
      statusDetail: check.detail ?? null,
      checkedAt: now,
      taxAuthorityStatus: 'pending',
      expiryWarnings: [],
      boundAt: now,
    });
    return certificate.certificateId;
  }

  private async end(request: EndRequest, manager: Transaction, now: Date): Promise<string> {
    await this.activeSubscriber(request.subscriberId, manager);
    const found = await this.certificates.findBound(manager, request.subscriberId, request.certificateId);
    if (!found) throw new Refusal('TKS-CERTIFICATE-UNKNOWN', 'no such certificate bound to this subscriber');
    if (request.action === 'revoke' && found.lifecycle === 'revoked') {
      throw new Refusal('TKS-CERTIFICATE-ALREADY-REVOKED', 'the certificate is already revoked');
    }
    await this.certificates.update(
      manager,
      found,
      request.action === 'revoke'
        ? { lifecycle: 'revoked', usableUntil: now, endedAt: now, statusDetail: request.reason ?? null }
        : { lifecycle: 'unbound', usableUntil: now, endedAt: found.endedAt ?? now },
    );
    return found.certificateId;
  }

  private async activeSubscriber(subscriberId: string, manager: Transaction): Promise<Subscriber> {
    const subscriber = await this.subscribers.findActive(manager, subscriberId);
    if (!subscriber) throw new Refusal('TKS-SUBSCRIBER-UNKNOWN', 'no active subscriber with this id');
    return subscriber;
  }

  private decide(
    manager: Transaction,
    request: CertificateRequested,
    now: Date,
    decision: { outcome: 'applied' | 'rejected'; certificateId?: string; code?: string; message?: string },
  ) {
    return enqueueEvent(
      manager,
      certificateRequestDecided,
      request.subscriberId,
      {
        requestId: request.requestId,
        subscriberId: request.subscriberId,
        decidedAt: now.toISOString(),
        ...decision,
      },
      now,
    );
  }
}
