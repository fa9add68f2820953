import { Injectable } from '@nestjs/common';
import type { Transaction } from '../persistence/transactions.repository';
import { Subscriber } from './subscriber.entity';

/** Registered subscribers (subscribers). Every method works in the caller's transaction. */
@Injectable()
export class SubscribersRepository {
  get(tx: Transaction, subscriberId: string): Promise<Subscriber> {
    return tx.findOneByOrFail(Subscriber, { subscriberId });
  }

  findActive(tx: Transaction, subscriberId: string): Promise<Subscriber | null> {
    return tx.findOneBy(Subscriber, { subscriberId, status: 'active' });
  }

  /** The active subscriber with this INN and KPP (none and '' are the same KPP). */
  findActiveByInnKpp(tx: Transaction, inn: string, kpp: string | undefined): Promise<Subscriber | null> {
    return tx
      .createQueryBuilder(Subscriber, 's')
      .where('s.inn = :inn AND coalesce(s.kpp, :empty) = :kpp AND s.status = :active', {
        inn,
        kpp: kpp ?? '',
        empty: '',
        active: 'active',
      })
      .getOne();
  }

  async insert(tx: Transaction, fields: Subscriber): Promise<Subscriber> {
    const subscriber = tx.create(Subscriber, fields);
    await tx.insert(Subscriber, subscriber);
    return subscriber;
  }
}
