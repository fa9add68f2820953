import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  subscriberRegistrationRequested,
  SubscriberRegistrationRequested,
  SubscriberRegistrationRejected,
  SubscriberState,
} from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import { maySubmitFor, type Principal } from '../access/principal';
import { SubscriberRegistration } from './subscriber-registration.entity';
import { SubscriberView } from './subscriber-view.entity';
import { SubscriberCertificatesService } from './subscriber-certificates.service';

export type RegistrationRequest = Omit<SubscriberRegistrationRequested, 'registrationId'>;

@Injectable()
export class SubscribersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const registration = await this.dataSource.transaction(async (manager) => {
      const row = manager.create(SubscriberRegistration, {
        registrationId,
        status: 'pending',
        requestedByKeyId: principal.keyId,
        requestedAt: new Date(),
      });
      await manager.insert(SubscriberRegistration, row);
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
    const row = await this.dataSource.getRepository(SubscriberRegistration).findOneBy({ registrationId });
    if (!row || (principal.role !== 'operator' && row.requestedByKeyId !== principal.keyId)) return null;
    return row;
  }

  /** Subscribers the caller may act for, in the order they were last updated, newest first. */
  listSubscribers(principal: Principal, limit: number, offset: number): Promise<[SubscriberView[], number]> {
    return this.dataSource.getRepository(SubscriberView).findAndCount({
      where: principal.role === 'operator' ? {} : { subscriberId: In([...principal.subscriberIds]) },
      order: { updatedAt: 'DESC', subscriberId: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  findSubscriber(subscriberId: string): Promise<SubscriberView | null> {
    return this.dataSource.getRepository(SubscriberView).findOneBy({ subscriberId });
  }

  /**
   * The subscriber, if the caller may act for it. Unknown and foreign subscribers look the same
   * (null, so 404): a client learns nothing about another client's subscribers.
   */
  async findSubscriberFor(principal: Principal, subscriberId: string): Promise<SubscriberView | null> {
    return maySubmitFor(principal, subscriberId) ? this.findSubscriber(subscriberId) : null;
  }

  /** Upserts the read model; the topic is compacted, so the latest state per subscriber wins. */
  async applyState(state: SubscriberState, manager: EntityManager): Promise<void> {
    await manager.upsert(
      SubscriberView,
      {
        subscriberId: state.subscriberId,
        kind: state.kind,
        name: state.name,
        inn: state.inn,
        kpp: state.kpp ?? null,
        status: state.status,
        taxOfficeCodes: state.taxOfficeCodes,
        updatedAt: new Date(),
      },
      ['subscriberId'],
    );
    await this.certificates.applyState(state, manager);
    const decided = await manager.update(
      SubscriberRegistration,
      { registrationId: state.registrationId, status: 'pending' },
      { status: 'registered', subscriberId: state.subscriberId, decidedAt: new Date() },
    );
    // Granted once, with the registration's decision: later states of the subscriber carry the
    // same registration id and must not undo an operator's revocation of the grant.
    if (decided.affected) await grantToRegisteringClient(manager, state.registrationId, state.subscriberId);
  }

  async applyRejection(rejection: SubscriberRegistrationRejected, manager: EntityManager): Promise<void> {
    await manager.update(
      SubscriberRegistration,
      { registrationId: rejection.registrationId, status: 'pending' },
      { status: 'rejected', reasonCode: rejection.code, reason: rejection.message, decidedAt: new Date() },
    );
  }
}

/**
 * A subscriber a client key registered is that key's to file for and to manage, as
 * `api-key-admin grant` would make it; an operator key needs no grant. Only the registration that
 * created the subscriber grants it (the registry refuses a second registration of the same INN/KPP).
 */
async function grantToRegisteringClient(
  manager: EntityManager,
  registrationId: string,
  subscriberId: string,
): Promise<void> {
  await manager.query(
    `UPDATE gateway.api_keys k
        SET subscriber_ids = ARRAY(SELECT DISTINCT unnest(k.subscriber_ids || ARRAY[$2]::text[]))
       FROM gateway.subscriber_registrations r
      WHERE r.registration_id = $1 AND r.requested_by_key_id = k.key_id AND k.role = 'client'`,
    [registrationId, subscriberId],
  );
}
