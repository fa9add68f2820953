import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  subscriberRegistrationRequested,
  SubscriberRegistrationRequested,
  SubscriberRegistrationRejected,
  SubscriberState,
} from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
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

  /** Records the request and hands it to the registry, which issues the subscriber id. */
  async requestRegistration(request: RegistrationRequest): Promise<SubscriberRegistration> {
    const registrationId = randomUUID();
    const registration = await this.dataSource.transaction(async (manager) => {
      const row = manager.create(SubscriberRegistration, {
        registrationId,
        status: 'pending',
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

  findRegistration(registrationId: string): Promise<SubscriberRegistration | null> {
    return this.dataSource.getRepository(SubscriberRegistration).findOneBy({ registrationId });
  }

  /** Subscribers in the order they were last updated, newest first. */
  listSubscribers(limit: number, offset: number): Promise<[SubscriberView[], number]> {
    return this.dataSource
      .getRepository(SubscriberView)
      .findAndCount({ order: { updatedAt: 'DESC', subscriberId: 'ASC' }, take: limit, skip: offset });
  }

  findSubscriber(subscriberId: string): Promise<SubscriberView | null> {
    return this.dataSource.getRepository(SubscriberView).findOneBy({ subscriberId });
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
    await manager.update(
      SubscriberRegistration,
      { registrationId: state.registrationId, status: 'pending' },
      { status: 'registered', subscriberId: state.subscriberId, decidedAt: new Date() },
    );
  }

  async applyRejection(rejection: SubscriberRegistrationRejected, manager: EntityManager): Promise<void> {
    await manager.update(
      SubscriberRegistration,
      { registrationId: rejection.registrationId, status: 'pending' },
      { status: 'rejected', reasonCode: rejection.code, reason: rejection.message, decidedAt: new Date() },
    );
  }
}
