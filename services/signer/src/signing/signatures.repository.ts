import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { SignatureRejection } from './signature-rejection.entity';
import { Signature } from './signature.entity';

/**
 * Taxpayers' signatures of filings and the refusals of filings without one (signatures,
 * signature_rejections): the only code of the signer that queries them. Every method works in the
 * caller's transaction.
 */
@Injectable()
export class SignaturesRepository {
  /** Whether the filing was signed or refused already (a redelivered filing.submitted). */
  async decided(tx: Transaction, filingId: string): Promise<boolean> {
    if (await tx.existsBy(Signature, { filingId })) return true;
    return tx.existsBy(SignatureRejection, { filingId });
  }

  async insert(tx: Transaction, signature: QueryDeepPartialEntity<Signature>): Promise<void> {
    await tx.insert(Signature, signature);
  }

  async insertRejection(
    tx: Transaction,
    rejection: QueryDeepPartialEntity<SignatureRejection>,
  ): Promise<void> {
    await tx.insert(SignatureRejection, rejection);
  }
}
