import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * An open transaction of one of the receipts process's databases: the operator's (schema receipts)
 * or the simulated tax office's (schema tax_office), each application with its own. Repositories
 * (`*.repository.ts`) are the only code that reads or writes through it: writes that must commit
 * together take it as their first argument, and a read that must see the transaction's own writes
 * or locks takes it as its last. A service gets one from `Transactions.run`, a Kafka handler from
 * EventConsumer (its inbox transaction), and only passes it on.
 */
export type Transaction = EntityManager;

/**
 * The one way a receipts or tax office service opens a transaction (README, "Layout"), on its own
 * application's database. Everything either writes today answers an event, in the EventConsumer's
 * transaction; work started by the service itself opens its transaction here.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
