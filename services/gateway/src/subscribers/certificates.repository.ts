import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import type { CertificateState } from '@tks/contracts';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { CertificateExpiryWarningView } from './certificate-expiry-warning.entity';
import { CertificateRequest } from './certificate-request.entity';
import { CertificateView } from './certificate-view.entity';

/**
 * The gateway's read model of subscribers' certificates, the requests forwarded to the registry
 * and its expiry warnings (certificates, certificate_requests, certificate_expiry_warnings).
 */
@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every certificate of the subscriber; in the caller's transaction when given one. */
  of(subscriberId: string, tx?: Transaction): Promise<CertificateView[]> {
    return (tx ?? this.dataSource.manager).findBy(CertificateView, { subscriberId });
  }

  /** Bound certificates, newest first; unbound ones only with `history`. */
  list(subscriberId: string, history: boolean): Promise<CertificateView[]> {
    return this.dataSource.getRepository(CertificateView).find({
      where: history ? { subscriberId } : { subscriberId, lifecycle: Not('unbound') },
      order: { boundAt: 'DESC' },
    });
  }

  find(subscriberId: string, certificateId: string): Promise<CertificateView | null> {
    return this.dataSource.getRepository(CertificateView).findOneBy({ subscriberId, certificateId });
  }

  /** The subscriber's certificates become exactly these: rows not among them are deleted. */
  async replace(
    tx: Transaction,
    subscriberId: string,
    certificates: readonly CertificateState[],
    now: Date,
  ): Promise<void> {
    const ids = certificates.map((c) => c.certificateId);
    await tx.delete(CertificateView, {
      subscriberId,
      ...(ids.length > 0 ? { certificateId: Not(In(ids)) } : {}),
    });
    if (ids.length === 0) return;
    await tx.upsert(
      CertificateView,
      certificates.map((c) => ({
        subscriberId,
        certificateId: c.certificateId,
        lifecycle: c.lifecycle,
        boundAt: new Date(c.boundAt),
        state: c,
        updatedAt: now,
      })),
      ['subscriberId', 'certificateId'],
    );
  }

  async insertRequest(
    tx: Transaction,
    fields: Pick<
      CertificateRequest,
      'requestId' | 'subscriberId' | 'action' | 'status' | 'certificateId' | 'requestedAt'
    >,
  ): Promise<CertificateRequest> {
    const request = tx.create(CertificateRequest, fields);
    await tx.insert(CertificateRequest, request);
    return request;
  }

  findRequest(requestId: string): Promise<CertificateRequest | null> {
    return this.dataSource.getRepository(CertificateRequest).findOneBy({ requestId });
  }

  /** Records the registry's decision on a request still pending. */
  async decideRequest(
    tx: Transaction,
    requestId: string,
    decision: QueryDeepPartialEntity<CertificateRequest>,
  ): Promise<void> {
    await tx.update(CertificateRequest, { requestId, status: 'pending' }, decision);
  }

  warnings(subscriberId: string): Promise<CertificateExpiryWarningView[]> {
    return this.dataSource
      .getRepository(CertificateExpiryWarningView)
      .find({ where: { subscriberId }, order: { warnedAt: 'DESC', thresholdDays: 'ASC' } });
  }

  /** A warning reported again (a redelivered event) is kept once. */
  async addWarning(tx: Transaction, warning: CertificateExpiryWarningView): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(CertificateExpiryWarningView)
      .values(warning)
      .orIgnore()
      .execute();
  }
}
