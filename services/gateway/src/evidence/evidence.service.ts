import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { evidenceStatementRequested, EvidenceStatementSigned } from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import { FilingDocument } from '../filings/filing-document.entity';
import { FilingEvent } from '../filings/filing-event.entity';
import { Filing } from '../filings/filing.entity';
import { ReceiptNotice } from '../receipt-notices/receipt-notice.entity';
import { buildEvidenceStatement, canonicalStatement } from './evidence-statement';
import { EvidenceStatementRecord } from './evidence-statement.entity';

/**
 * The evidence of a filing's times: the statement of what is recorded now, signed by the operator's
 * key in the signer. A statement not signed yet is asked for once, through the outbox, in the
 * transaction that records the request; the signer's answer is applied by `apply`.
 */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async evidence(filing: Filing): Promise<EvidenceStatementRecord> {
    const { text, sha256 } = canonicalStatement(await this.currentStatement(filing));
    const known = await this.dataSource
      .getRepository(EvidenceStatementRecord)
      .findOneBy({ statementSha256: sha256 });
    if (known) return known;
    const requestedAt = new Date();
    const requested = await this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(EvidenceStatementRecord)
        .values({
          statementSha256: sha256,
          filingId: filing.filingId,
          statement: text,
          status: 'pending',
          requestedAt,
        })
        .orIgnore()
        .returning(['statementSha256'])
        .execute();
      // Asked at the same moment by another request: that one enqueued it.
      if (inserted.raw.length === 0) return false;
      await enqueueEvent(manager, evidenceStatementRequested, filing.filingId, {
        filingId: filing.filingId,
        statementSha256: sha256,
        statement: text,
        requestedAt: requestedAt.toISOString(),
      });
      return true;
    });
    if (requested) this.relay.kick();
    return this.dataSource
      .getRepository(EvidenceStatementRecord)
      .findOneByOrFail({ statementSha256: sha256 });
  }

  async apply(answer: EvidenceStatementSigned, manager: EntityManager): Promise<void> {
    const where = { statementSha256: answer.statementSha256, status: 'pending' as const };
    if (answer.outcome === 'signed') {
      await manager.update(EvidenceStatementRecord, where, {
        status: 'signed',
        signature: Buffer.from(answer.signature, 'base64'),
        signatureInfo: answer.signatureInfo,
        decidedAt: new Date(answer.signatureInfo.signingTime),
      });
    } else {
      await manager.update(EvidenceStatementRecord, where, {
        status: 'refused',
        refusalCode: answer.code,
        refusalMessage: answer.message,
        decidedAt: new Date(answer.refusedAt),
      });
    }
  }

  private async currentStatement(filing: Filing) {
    const [documents, timeline, receiptNotices] = await Promise.all([
      this.dataSource.getRepository(FilingDocument).findBy({ filingId: filing.filingId }),
      this.dataSource
        .getRepository(FilingEvent)
        .find({ where: { filingId: filing.filingId }, order: { seq: 'ASC' } }),
      this.dataSource.getRepository(ReceiptNotice).findBy({ filingId: filing.filingId }),
    ]);
    return buildEvidenceStatement({ filing, documents, timeline, receiptNotices });
  }
}
