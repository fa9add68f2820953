import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import * as x509 from '@peculiar/x509';
import { daysLeft, dueExpiryWarnings } from '@tks/certificates';
import { certificateExpiryWarning } from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import { Transaction, Transactions } from '../persistence/transactions.repository';
import { REGISTRY_CONFIG, RegistryConfig } from '../registry.config';
import { BoundCertificate } from './certificate.entity';
import { statusCode } from './certificate-requests.service';
import { CertificatesRepository } from './certificates.repository';
import { Clock, CLOCK } from './clock';
import { SubscriberStatePublisher } from './subscriber-state.publisher';
import { TrustStoreService } from './trust-store.service';

/**
 * What happens to bound certificates with time: the (simulated) tax authority registers them after
 * a delay, expiry warnings go out at their thresholds, and a superseded certificate retires at the
 * end of its grace period. Runs every CERTIFICATE_SCAN_INTERVAL_MS; rows are claimed with SKIP
 * LOCKED, so two registry instances never handle the same certificate twice.
 */
@Injectable()
export class CertificateLifecycleService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CertificateLifecycle');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly transactions: Transactions,
    private readonly certificates: CertificatesRepository,
    private readonly states: SubscriberStatePublisher,
    private readonly relay: OutboxRelay,
    private readonly trust: TrustStoreService,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`certificate scan: ${String(error)}`))
        .finally(() => (this.running = null));
    }, this.config.CERTIFICATE_SCAN_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many certificates changed. */
  async runOnce(now: Date = this.clock()): Promise<number> {
    const changed = await this.transactions.run(async (manager) => {
      const touched = new Set<string>();
      for (const certificate of await this.due(manager, now)) {
        if (await this.advance(certificate, manager, now)) touched.add(certificate.subscriberId);
      }
      for (const subscriberId of touched) await this.states.publish(manager, subscriberId, now);
      return touched.size;
    });
    if (changed > 0) this.relay.kick();
    return changed;
  }

  private due(manager: Transaction, now: Date): Promise<BoundCertificate[]> {
    const registrationDue = new Date(now.getTime() - this.config.TAX_AUTHORITY_REGISTRATION_DELAY_MS);
    const warnFrom = new Date(
      now.getTime() + Math.max(...this.config.CERTIFICATE_EXPIRY_WARNING_DAYS) * 86_400_000,
    );
    return this.certificates.claimDue(manager, { registrationDue, warnFrom, now });
  }

  private async advance(c: BoundCertificate, manager: Transaction, now: Date): Promise<boolean> {
    const changes: Partial<BoundCertificate> = {};
    const registrationDue = c.boundAt.getTime() + this.config.TAX_AUTHORITY_REGISTRATION_DELAY_MS;
    if (c.taxAuthorityStatus === 'pending' && registrationDue <= now.getTime()) {
      // The authority checks the certificate as the public checkers do and refuses any but a valid one.
      const check = await this.trust.check(new x509.X509Certificate(c.der), now);
      Object.assign(changes, {
        status: check.status,
        statusDetail: check.detail ?? null,
        checkedAt: now,
        taxAuthorityStatus: check.status === 'valid' ? 'registered' : 'rejected',
        taxAuthorityDecidedAt: now,
        taxAuthorityDurationMs: now.getTime() - c.boundAt.getTime(),
        taxAuthorityReasonCode: check.status === 'valid' ? null : statusCode(check.status),
        taxAuthorityReason: check.status === 'valid' ? null : check.title,
      });
    }
    if (c.lifecycle === 'current' || c.lifecycle === 'superseded') {
      const due = dueExpiryWarnings(
        c.notAfter,
        now,
        this.config.CERTIFICATE_EXPIRY_WARNING_DAYS,
        c.expiryWarnings,
      );
      for (const thresholdDays of due) {
        await enqueueEvent(
          manager,
          certificateExpiryWarning,
          c.subscriberId,
          {
            subscriberId: c.subscriberId,
            certificateId: c.certificateId,
            thresholdDays,
            daysLeft: daysLeft(c.notAfter, now),
            notAfter: c.notAfter.toISOString(),
            warnedAt: now.toISOString(),
          },
          now,
        );
      }
      if (due.length > 0) changes.expiryWarnings = [...c.expiryWarnings, ...due];
    }
    if (c.lifecycle === 'superseded' && c.usableUntil && c.usableUntil.getTime() <= now.getTime()) {
      Object.assign(changes, { lifecycle: 'retired', endedAt: now });
    }
    if (Object.keys(changes).length === 0) return false;
    await this.certificates.update(manager, c, changes);
    return true;
  }
}
