import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { TokenKey } from './token-key.entity';

/**
 * Subscribers' key pairs generated on the token (token_keys): the only code of the signer that
 * queries them. Every method works in the caller's transaction.
 */
@Injectable()
export class TokenKeysRepository {
  existsForRequest(tx: Transaction, requestId: string): Promise<boolean> {
    return tx.existsBy(TokenKey, { requestId });
  }

  ofSubscriber(tx: Transaction, subscriberId: string): Promise<TokenKey[]> {
    return tx.findBy(TokenKey, { subscriberId });
  }

  async insert(tx: Transaction, key: QueryDeepPartialEntity<TokenKey>): Promise<void> {
    await tx.insert(TokenKey, key);
  }
}
