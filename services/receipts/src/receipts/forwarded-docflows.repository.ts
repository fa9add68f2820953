import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { ForwardedDocflow } from './forwarded-docflow.entity';

/**
 * Docflows whose container the operator forwarded to the tax office (forwarded_docflows): the only
 * code of the receipts service that queries them. Every method works in the caller's transaction.
 */
@Injectable()
export class ForwardedDocflowsRepository {
  exists(tx: Transaction, docflowId: string): Promise<boolean> {
    return tx.existsBy(ForwardedDocflow, { docflowId });
  }

  find(tx: Transaction, docflowId: string): Promise<ForwardedDocflow | null> {
    return tx.findOneBy(ForwardedDocflow, { docflowId });
  }

  async insert(tx: Transaction, docflow: QueryDeepPartialEntity<ForwardedDocflow>): Promise<void> {
    await tx.insert(ForwardedDocflow, docflow);
  }
}
