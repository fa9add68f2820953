import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { SubscriberRegistration } from './subscriber-registration.entity';
import { SubscriberView } from './subscriber-view.entity';

/** The subscribers' read model and the registrations asked for here (subscribers, subscriber_registrations). */
@Injectable()
export class SubscribersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(subscriberId: string): Promise<SubscriberView | null> {
    return this.dataSource.getRepository(SubscriberView).findOneBy({ subscriberId });
  }

  /** `subscriberIds` 'all', or the subscribers to show; newest update first. */
  page(subscriberIds: string[] | 'all', limit: number, offset: number): Promise<[SubscriberView[], number]> {
    return this.dataSource.getRepository(SubscriberView).findAndCount({
      where: subscriberIds === 'all' ? {} : { subscriberId: In(subscriberIds) },
      order: { updatedAt: 'DESC', subscriberId: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  /** Upserts the read model from the registry's state of the subscriber. */
  async upsert(tx: Transaction, view: QueryDeepPartialEntity<SubscriberView>): Promise<void> {
    await tx.upsert(SubscriberView, view, ['subscriberId']);
  }

  findRegistration(registrationId: string): Promise<SubscriberRegistration | null> {
    return this.dataSource.getRepository(SubscriberRegistration).findOneBy({ registrationId });
  }

  async insertRegistration(
    tx: Transaction,
    fields: Pick<SubscriberRegistration, 'registrationId' | 'status' | 'requestedByKeyId' | 'requestedAt'>,
  ): Promise<SubscriberRegistration> {
    const row = tx.create(SubscriberRegistration, fields);
    await tx.insert(SubscriberRegistration, row);
    return row;
  }

  /**
   * Decides a registration still pending; false when it was decided before (a later state of the
   * same subscriber, or a redelivery).
   */
  async decideRegistration(
    tx: Transaction,
    registrationId: string,
    decision: QueryDeepPartialEntity<SubscriberRegistration>,
  ): Promise<boolean> {
    const decided = await tx.update(SubscriberRegistration, { registrationId, status: 'pending' }, decision);
    return Boolean(decided.affected);
  }
}
