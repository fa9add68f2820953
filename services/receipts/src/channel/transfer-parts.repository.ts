import { Injectable } from '@nestjs/common';
import type { Transaction } from '../persistence/transactions.repository';
import { TransferPart } from './transfer-part.entity';

/**
 * Parts of containers that arrive in parts (transfer_parts, in the schema of the side that
 * receives): the only code that queries them. Every method works in the caller's transaction.
 */
@Injectable()
export class TransferPartsRepository {
  /** Keeps the part unless it is held already (a redelivered message). */
  async add(
    tx: Transaction,
    part: Pick<TransferPart, 'transferId' | 'part' | 'parts' | 'data'>,
  ): Promise<void> {
    await tx.createQueryBuilder().insert().into(TransferPart).values(part).orIgnore().execute();
  }

  count(tx: Transaction, transferId: string): Promise<number> {
    return tx.countBy(TransferPart, { transferId });
  }

  /** Every part of the transfer in order, deleted with the transaction that hands the container on. */
  async take(tx: Transaction, transferId: string): Promise<TransferPart[]> {
    const rows = await tx.find(TransferPart, { where: { transferId }, order: { part: 'ASC' } });
    await tx.delete(TransferPart, { transferId });
    return rows;
  }
}
