import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { EvidenceStatementRecord } from './evidence-statement.entity';

/** Evidence statements and their signatures (evidence_statements). */
@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(statementSha256: string): Promise<EvidenceStatementRecord | null> {
    return this.dataSource.getRepository(EvidenceStatementRecord).findOneBy({ statementSha256 });
  }

  get(statementSha256: string): Promise<EvidenceStatementRecord> {
    return this.dataSource.getRepository(EvidenceStatementRecord).findOneByOrFail({ statementSha256 });
  }

  /** Records a pending statement; false when it is recorded already (asked at the same moment). */
  async insertPending(
    tx: Transaction,
    statement: Pick<EvidenceStatementRecord, 'statementSha256' | 'filingId' | 'statement' | 'requestedAt'>,
  ): Promise<boolean> {
    const inserted = await tx
      .createQueryBuilder()
      .insert()
      .into(EvidenceStatementRecord)
      .values({ ...statement, status: 'pending' })
      .orIgnore()
      .returning(['statementSha256'])
      .execute();
    return inserted.raw.length > 0;
  }

  /** Records the signer's answer on a statement still pending. */
  async decide(
    tx: Transaction,
    statementSha256: string,
    decision: QueryDeepPartialEntity<EvidenceStatementRecord>,
  ): Promise<void> {
    await tx.update(EvidenceStatementRecord, { statementSha256, status: 'pending' as const }, decision);
  }
}
