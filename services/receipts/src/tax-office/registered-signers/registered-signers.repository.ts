import { Injectable } from '@nestjs/common';
import type { Transaction } from '../../persistence/transactions.repository';
import { RegisteredSigner } from './registered-signer.entity';

/**
 * The tax authority's register of certificates as the tax office keeps it
 * (tax_office.registered_signers): the only code of the tax office that queries it. Every method
 * works in the caller's transaction.
 */
@Injectable()
export class RegisteredSignersRepository {
  /** The subscriber's whole list becomes `signers` (none: the list is emptied). */
  async replace(tx: Transaction, subscriberId: string, signers: readonly RegisteredSigner[]): Promise<void> {
    await tx.delete(RegisteredSigner, { subscriberId });
    if (signers.length > 0) await tx.insert(RegisteredSigner, [...signers]);
  }

  find(tx: Transaction, subscriberId: string, certificateId: string): Promise<RegisteredSigner | null> {
    return tx.findOneBy(RegisteredSigner, { subscriberId, certificateId });
  }
}
