import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import * as x509 from '@peculiar/x509';
import { OutboxRelay } from '@tks/messaging';
import { Transactions } from '../persistence/transactions.repository';
import { CertificatesRepository } from './certificates.repository';
import { Clock, CLOCK } from './clock';
import { SubscriberStatePublisher } from './subscriber-state.publisher';
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
    private readonly transactions: Transactions,
    private readonly certificates: CertificatesRepository,
    private readonly states: SubscriberStatePublisher,
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
    const changed = await this.transactions.run(async (manager) => {
      const inUse = await this.certificates.lockInUse(manager);
      const touched = new Set<string>();
      let count = 0;
      for (const c of inUse) {
        const check = await this.trust.check(new x509.X509Certificate(c.der), now);
        if (check.status === c.status && (check.detail ?? null) === c.statusDetail) continue;
        await this.certificates.update(manager, c, {
          status: check.status,
          statusDetail: check.detail ?? null,
          checkedAt: now,
        });
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
      for (const subscriberId of touched) await this.states.publish(manager, subscriberId, now);
      return count;
    });
    if (changed > 0) this.relay.kick();
    return changed;
  }
}
