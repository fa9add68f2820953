import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async request(subscriberId: string, command: CertificateCommand): Promise<CertificateRequest> {
    const requestId = randomUUID();
    const requestedAt = new Date();
    const row = await this.dataSource.transaction(async (manager) => {
      const request = manager.create(CertificateRequest, {
        requestId,
        subscriberId,
        action: command.action,
        status: 'pending',
        certificateId: 'certificateId' in command ? command.certificateId : null,
        requestedAt,
      });
      await manager.insert(CertificateRequest, request);
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
    return this.dataSource.getRepository(CertificateRequest).findOneBy({ requestId });
  }

  /** Bound certificates, newest first; unbound ones only when `history` is asked for. */
  list(subscriberId: string, history: boolean): Promise<CertificateView[]> {
    return this.dataSource.getRepository(CertificateView).find({
      where: history ? { subscriberId } : { subscriberId, lifecycle: Not('unbound') },
      order: { boundAt: 'DESC' },
    });
  }

  find(subscriberId: string, certificateId: string): Promise<CertificateView | null> {
    return this.dataSource.getRepository(CertificateView).findOneBy({ subscriberId, certificateId });
  }

  warnings(subscriberId: string): Promise<CertificateExpiryWarningView[]> {
    return this.dataSource
      .getRepository(CertificateExpiryWarningView)
      .find({ where: { subscriberId }, order: { warnedAt: 'DESC', thresholdDays: 'ASC' } });
  }

  /** The state carries every certificate of the subscriber: rows not in it are gone from the registry. */
  async applyState(state: SubscriberState, manager: EntityManager): Promise<void> {
    if (!state.certificates) return; // a state of the first shape says nothing about certificates
    const now = new Date();
    const ids = state.certificates.map((c) => c.certificateId);
    await manager.delete(CertificateView, {
      subscriberId: state.subscriberId,
      ...(ids.length > 0 ? { certificateId: Not(In(ids)) } : {}),
    });
    if (ids.length === 0) return;
    await manager.upsert(
      CertificateView,
      state.certificates.map((c) => ({
        subscriberId: state.subscriberId,
        certificateId: c.certificateId,
        lifecycle: c.lifecycle,
        boundAt: new Date(c.boundAt),
        state: c,
        updatedAt: now,
      })),
      ['subscriberId', 'certificateId'],
    );
  }

  async applyDecision(decision: CertificateRequestDecided, manager: EntityManager): Promise<void> {
    await manager.update(
      CertificateRequest,
      { requestId: decision.requestId, status: 'pending' },
      {
        status: decision.outcome,
        certificateId: decision.certificateId ?? null,
        reasonCode: decision.code ?? null,
        reason: decision.message ?? null,
        decidedAt: new Date(decision.decidedAt),
      },
    );
  }

  async applyWarning(warning: CertificateExpiryWarning, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(CertificateExpiryWarningView)
      .values({
        subscriberId: warning.subscriberId,
        certificateId: warning.certificateId,
        thresholdDays: warning.thresholdDays,
        daysLeft: warning.daysLeft,
        notAfter: new Date(warning.notAfter),
        warnedAt: new Date(warning.warnedAt),
      })
      .orIgnore()
      .execute();
  }
}
