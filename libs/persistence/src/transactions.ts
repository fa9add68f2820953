import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * An open transaction of a service's database. Repositories (`*.repository.ts`) are the only code
 * that reads or writes through it: writes that must commit together take it as their first
 * argument, and a read that must see the transaction's own writes or locks takes it as its last.
 * A service gets one from `Transactions.run`, a Kafka handler from EventConsumer (its inbox
 * transaction), and only passes it on.
 */
export type Transaction = EntityManager;

/**
 * The one way a service opens a transaction (README, "Layout"), on the database of the Nest
 * application that provides it (the receipts process has two: the operator's and the tax office's).
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
