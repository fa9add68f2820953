import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { KeyRequest } from './key-request.entity';

/** Requests for subscriber key pairs on the operator's HSM (key_requests). */
@Injectable()
export class KeyRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    tx: Transaction,
    fields: Pick<KeyRequest, 'requestId' | 'subscriberId' | 'status' | 'requestedAt'>,
  ): Promise<KeyRequest> {
    const row = tx.create(KeyRequest, fields);
    await tx.insert(KeyRequest, row);
    return row;
  }

  find(subscriberId: string, requestId: string): Promise<KeyRequest | null> {
    return this.dataSource.getRepository(KeyRequest).findOneBy({ subscriberId, requestId });
  }

  /** The subscriber's generated key pairs; in the caller's transaction when given one. */
  generatedFor(subscriberId: string, tx?: Transaction): Promise<KeyRequest[]> {
    return (tx ?? this.dataSource.manager).findBy(KeyRequest, { subscriberId, status: 'generated' });
  }

  /** Records the signer's answer on a request still pending; a repeated answer changes nothing. */
  async decide(
    tx: Transaction,
    requestId: string,
    columns: QueryDeepPartialEntity<KeyRequest>,
  ): Promise<void> {
    await tx.update(KeyRequest, { requestId, status: 'pending' }, columns);
  }
}
