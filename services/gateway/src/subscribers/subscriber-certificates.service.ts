import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CertificateExpiryWarning,
  certificateRequested,
  CertificateRequestDecided,
  SubscriberState,
} from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import { CertificateExpiryWarningView } from './certificate-expiry-warning.entity';
import { CertificateRequest } from './certificate-request.entity';
import { CertificateView } from './certificate-view.entity';
import { CertificatesRepository } from './certificates.repository';
import { Transaction, Transactions } from '../persistence/transactions.repository';

export type CertificateCommand =
  | { action: 'bind' | 'reissue'; der: Uint8Array }
  | { action: 'revoke' | 'unbind'; certificateId: string; reason?: string };

/**
 * The gateway's side of subscribers' certificates: forwards requests to the registry through the
 * outbox and keeps the read model (certificates, request decisions, expiry warnings) from its events.
 */
@Injectable()
export class SubscriberCertificatesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly certificates: CertificatesRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async request(subscriberId: string, command: CertificateCommand): Promise<CertificateRequest> {
    const requestId = randomUUID();
    const requestedAt = new Date();
    const row = await this.transactions.run(async (manager) => {
      const request = await this.certificates.insertRequest(manager, {
        requestId,
        subscriberId,
        action: command.action,
        status: 'pending',
        certificateId: 'certificateId' in command ? command.certificateId : null,
        requestedAt,
      });
      const common = { requestId, subscriberId, requestedAt: requestedAt.toISOString() };
      await enqueueEvent(
        manager,
        certificateRequested,
        subscriberId,
        'der' in command
          ? { ...common, action: command.action, certificate: Buffer.from(command.der).toString('base64') }
          : {
              ...common,
              action: command.action,
              certificateId: command.certificateId,
              reason: command.reason,
            },
      );
      return request;
    });
    this.relay.kick();
    return row;
  }

  findRequest(requestId: string): Promise<CertificateRequest | null> {
    return this.certificates.findRequest(requestId);
  }

  /** Bound certificates, newest first; unbound ones only when `history` is asked for. */
  list(subscriberId: string, history: boolean): Promise<CertificateView[]> {
    return this.certificates.list(subscriberId, history);
  }

  find(subscriberId: string, certificateId: string): Promise<CertificateView | null> {
    return this.certificates.find(subscriberId, certificateId);
  }

  warnings(subscriberId: string): Promise<CertificateExpiryWarningView[]> {
    return this.certificates.warnings(subscriberId);
  }

  /** The state carries every certificate of the subscriber: rows not in it are gone from the registry. */
  async applyState(state: SubscriberState, manager: Transaction): Promise<void> {
    if (!state.certificates) return; // a state of the first shape says nothing about certificates
    await this.certificates.replace(manager, state.subscriberId, state.certificates, new Date());
  }

  async applyDecision(decision: CertificateRequestDecided, manager: Transaction): Promise<void> {
    await this.certificates.decideRequest(manager, decision.requestId, {
      status: decision.outcome,
      certificateId: decision.certificateId ?? null,
      reasonCode: decision.code ?? null,
      reason: decision.message ?? null,
      decidedAt: new Date(decision.decidedAt),
    });
  }

  async applyWarning(warning: CertificateExpiryWarning, manager: Transaction): Promise<void> {
    await this.certificates.addWarning(manager, {
      subscriberId: warning.subscriberId,
      certificateId: warning.certificateId,
      thresholdDays: warning.thresholdDays,
      daysLeft: warning.daysLeft,
      notAfter: new Date(warning.notAfter),
      warnedAt: new Date(warning.warnedAt),
    });
  }
}
