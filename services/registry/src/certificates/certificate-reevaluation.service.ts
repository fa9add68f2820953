import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import * as x509 from '@peculiar/x509';
import { OutboxRelay } from '@tks/messaging';
import { BoundCertificate } from './certificate.entity';
import { Clock, CLOCK } from './clock';
import { publishSubscriberState } from './subscriber-state.publisher';
import { TrustStoreService } from './trust-store.service';

/**
 * A certificate's checker status is not settled at binding: its CA may revoke it any day, and
 * says so only in its next CRL. Each time the trusted CAs and CRLs are read again, every certificate
 * still in use (current or superseded) is checked again; one whose status changed is recorded and
 * its subscriber's state published, so the gateway and the signer refuse a revoked one at once.
 */
@Injectable()
export class CertificateReevaluationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CertificateReevaluation');
  private running: Promise<number> | null = null;
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly trust: TrustStoreService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.trust.onReload(async () => {
      if (this.closed) return;
      // One pass at a time; a reload during a pass is covered by the pass after it.
      await this.running;
      this.running = this.reevaluate().finally(() => (this.running = null));
      await this.running;
    });
  }

  onModuleDestroy(): void {
    this.closed = true;
  }

  /** Returns how many certificates changed status. */
  async reevaluate(now: Date = this.clock()): Promise<number> {
    const changed = await this.dataSource.transaction(async (manager) => {
      const inUse = await manager
        .createQueryBuilder(BoundCertificate, 'c')
        .where('c.lifecycle IN (:...inUse)', { inUse: ['current', 'superseded'] })
        .setLock('pessimistic_write')
        .getMany();
      const touched = new Set<string>();
      let count = 0;
      for (const c of inUse) {
        const check = await this.trust.check(new x509.X509Certificate(c.der), now);
        if (check.status === c.status && (check.detail ?? null) === c.statusDetail) continue;
        await manager.update(
          BoundCertificate,
          { subscriberId: c.subscriberId, certificateId: c.certificateId },
          { status: check.status, statusDetail: check.detail ?? null, checkedAt: now },
        );
        this.logger.log(
          JSON.stringify({
            message: 'certificate status changed',
            subscriberId: c.subscriberId,
            certificateId: c.certificateId,
            from: c.status,
            to: check.status,
          }),
        );
        touched.add(c.subscriberId);
        count++;
      }
      for (const subscriberId of touched) await publishSubscriberState(manager, subscriberId, now);
      return count;
    });
    if (changed > 0) this.relay.kick();
    return changed;
  }
}
