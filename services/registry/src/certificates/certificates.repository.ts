import { Injectable } from '@nestjs/common';
import { Brackets, Not } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { BoundCertificate } from './certificate.entity';

/**
 * Subscribers' bound certificates (certificates): the only code of the registry that queries them.
 * Every method works in the caller's transaction.
 */
@Injectable()
export class CertificatesRepository {
  find(tx: Transaction, subscriberId: string, certificateId: string): Promise<BoundCertificate | null> {
    return tx.findOneBy(BoundCertificate, { subscriberId, certificateId });
  }

  /** The certificate, unless it was unbound. */
  findBound(tx: Transaction, subscriberId: string, certificateId: string): Promise<BoundCertificate | null> {
    return tx.findOneBy(BoundCertificate, { subscriberId, certificateId, lifecycle: Not('unbound') });
  }

  current(tx: Transaction, subscriberId: string): Promise<BoundCertificate | null> {
    return tx.findOneBy(BoundCertificate, { subscriberId, lifecycle: 'current' });
  }

  /** Every certificate of the subscriber, in the order they were bound. */
  ofSubscriber(tx: Transaction, subscriberId: string): Promise<BoundCertificate[]> {
    return tx.find(BoundCertificate, { where: { subscriberId }, order: { boundAt: 'ASC' } });
  }

  async insert(tx: Transaction, certificate: QueryDeepPartialEntity<BoundCertificate>): Promise<void> {
    await tx.insert(BoundCertificate, certificate);
  }

  async update(
    tx: Transaction,
    certificate: Pick<BoundCertificate, 'subscriberId' | 'certificateId'>,
    changes: QueryDeepPartialEntity<BoundCertificate>,
  ): Promise<void> {
    await tx.update(
      BoundCertificate,
      { subscriberId: certificate.subscriberId, certificateId: certificate.certificateId },
      changes,
    );
  }

  /**
   * Certificates with something due by time: registration by the tax authority (bound at or before
   * `registrationDue`), an expiry warning (in use, expiring at or before `warnFrom`), the end of a
   * grace period (superseded, usable until at or before `now`). Claimed with SKIP LOCKED, so two
   * registry instances never handle the same certificate twice.
   */
  claimDue(
    tx: Transaction,
    due: { registrationDue: Date; warnFrom: Date; now: Date },
  ): Promise<BoundCertificate[]> {
    const { registrationDue, warnFrom, now } = due;
    return tx
      .createQueryBuilder(BoundCertificate, 'c')
      .where(
        new Brackets((q) =>
          q
            .where("c.taxAuthorityStatus = 'pending' AND c.boundAt <= :registrationDue", { registrationDue })
            .orWhere("c.lifecycle IN ('current', 'superseded') AND c.notAfter <= :warnFrom", { warnFrom })
            .orWhere("c.lifecycle = 'superseded' AND c.usableUntil <= :now", { now }),
        ),
      )
      .orderBy('c.boundAt')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Every certificate in use (current or superseded), locked until the transaction ends. */
  lockInUse(tx: Transaction): Promise<BoundCertificate[]> {
    return tx
      .createQueryBuilder(BoundCertificate, 'c')
      .where('c.lifecycle IN (:...inUse)', { inUse: ['current', 'superseded'] })
      .setLock('pessimistic_write')
      .getMany();
  }
}
