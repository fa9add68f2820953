import { Injectable } from '@nestjs/common';
import type { ReceiptKind } from '@tks/contracts';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { Receipt } from './receipt.entity';

/**
 * The documents of each docflow the operator issued or received (receipts): the only code of the
 * receipts service that queries them. Every method works in the caller's transaction.
 */
@Injectable()
export class ReceiptsRepository {
  exists(tx: Transaction, filingId: string, kind: ReceiptKind): Promise<boolean> {
    return tx.existsBy(Receipt, { filingId, kind });
  }

  find(tx: Transaction, filingId: string, kind: ReceiptKind): Promise<Receipt | null> {
    return tx.findOneBy(Receipt, { filingId, kind });
  }

  /** Fails on a second receipt of a kind or a second answer for the filing (unique indexes). */
  async insert(tx: Transaction, receipt: QueryDeepPartialEntity<Receipt>): Promise<void> {
    await tx.insert(Receipt, receipt);
  }
}
