import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  subscriberRegistrationRequested,
  SubscriberRegistrationRequested,
  SubscriberRegistrationRejected,
  SubscriberState,
} from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import { ApiKeysRepository } from '../access/api-keys.repository';
import { maySubmitFor, type Principal } from '../access/principal';
import { Transaction, Transactions } from '../persistence/transactions.repository';
import { SubscriberRegistration } from './subscriber-registration.entity';
import { SubscriberView } from './subscriber-view.entity';
import { SubscriberCertificatesService } from './subscriber-certificates.service';
import { SubscribersRepository } from './subscribers.repository';

export type RegistrationRequest = Omit<SubscriberRegistrationRequested, 'registrationId'>;

@Injectable()
export class SubscribersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly subscribers: SubscribersRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly relay: OutboxRelay,
    private readonly certificates: SubscriberCertificatesService,
  ) {}

  /**
   * Records the request, with the key that made it, and hands it to the registry, which issues the
   * subscriber id.
   */
  async requestRegistration(
    request: RegistrationRequest,
    principal: Principal,
  ): Promise<SubscriberRegistration> {
    const registrationId = randomUUID();
    const registration = await this.transactions.run(async (manager) => {
      const row = await this.subscribers.insertRegistration(manager, {
        registrationId,
        status: 'pending',
        requestedByKeyId: principal.keyId,
        requestedAt: new Date(),
      });
      await enqueueEvent(manager, subscriberRegistrationRequested, registrationId, {
        ...request,
        registrationId,
      });
      return row;
    });
    this.relay.kick();
    return registration;
  }

  /** A client sees only the registrations its own key asked for; others look like none. */
  async findRegistration(
    registrationId: string,
    principal: Principal,
  ): Promise<SubscriberRegistration | null> {
    const row = await this.subscribers.findRegistration(registrationId);
    if (!row || (principal.role !== 'operator' && row.requestedByKeyId !== principal.keyId)) return null;
    return row;
  }

  /** Subscribers the caller may act for, in the order they were last updated, newest first. */
  listSubscribers(principal: Principal, limit: number, offset: number): Promise<[SubscriberView[], number]> {
    return this.subscribers.page(
      principal.role === 'operator' ? 'all' : [...principal.subscriberIds],
      limit,
      offset,
    );
  }

  findSubscriber(subscriberId: string): Promise<SubscriberView | null> {
    return this.subscribers.find(subscriberId);
  }

  /**
   * The subscriber, if the caller may act for it. Unknown and foreign subscribers look the same
   * (null, so 404): a client learns nothing about another client's subscribers.
   */
  async findSubscriberFor(principal: Principal, subscriberId: string): Promise<SubscriberView | null> {
    return maySubmitFor(principal, subscriberId) ? this.findSubscriber(subscriberId) : null;
  }

  /** Upserts the read model; the topic is compacted, so the latest state per subscriber wins. */
  async applyState(state: SubscriberState, manager: Transaction): Promise<void> {
    await this.subscribers.upsert(manager, {
      subscriberId: state.subscriberId,
      kind: state.kind,
      name: state.name,
      inn: state.inn,
      kpp: state.kpp ?? null,
      status: state.status,
      taxOfficeCodes: state.taxOfficeCodes,
      updatedAt: new Date(),
    });
    await this.certificates.applyState(state, manager);
    const decided = await this.subscribers.decideRegistration(manager, state.registrationId, {
      status: 'registered',
      subscriberId: state.subscriberId,
      decidedAt: new Date(),
    });
    // Granted once, with the registration's decision: later states of the subscriber carry the
    // same registration id and must not undo an operator's revocation of the grant.
    if (decided)
      await this.apiKeys.grantToRegisteringClient(manager, state.registrationId, state.subscriberId);
  }

  async applyRejection(rejection: SubscriberRegistrationRejected, manager: Transaction): Promise<void> {
    await this.subscribers.decideRegistration(manager, rejection.registrationId, {
      status: 'rejected',
      reasonCode: rejection.code,
      reason: rejection.message,
      decidedAt: new Date(),
    });
  }
}
