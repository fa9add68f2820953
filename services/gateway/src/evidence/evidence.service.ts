import { Injectable } from '@nestjs/common';
import { evidenceStatementRequested, EvidenceStatementSigned } from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import { Filing } from '../filings/filing.entity';
import { FilingsRepository } from '../filings/filings.repository';
import { Transaction, Transactions } from '../persistence/transactions.repository';
import { ReceiptNoticesRepository } from '../receipt-notices/receipt-notices.repository';
import { buildEvidenceStatement, canonicalStatement } from './evidence-statement';
import { EvidenceStatementRecord } from './evidence-statement.entity';
import { EvidenceRepository } from './evidence.repository';

/**
 * The evidence of a filing's times: the statement of what is recorded now, signed by the operator's
 * key in the signer. A statement not signed yet is asked for once, through the outbox, in the
 * transaction that records the request; the signer's answer is applied by `apply`.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly transactions: Transactions,
    private readonly statements: EvidenceRepository,
    private readonly filings: FilingsRepository,
    private readonly receiptNotices: ReceiptNoticesRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async evidence(filing: Filing): Promise<EvidenceStatementRecord> {
    const { text, sha256 } = canonicalStatement(await this.currentStatement(filing));
    const known = await this.statements.find(sha256);
    if (known) return known;
    const requestedAt = new Date();
    const requested = await this.transactions.run(async (manager) => {
      const inserted = await this.statements.insertPending(manager, {
        statementSha256: sha256,
        filingId: filing.filingId,
        statement: text,
        requestedAt,
      });
      // Asked at the same moment by another request: that one enqueued it.
      if (!inserted) return false;
      await enqueueEvent(manager, evidenceStatementRequested, filing.filingId, {
        filingId: filing.filingId,
        statementSha256: sha256,
        statement: text,
        requestedAt: requestedAt.toISOString(),
      });
      return true;
    });
    if (requested) this.relay.kick();
    return this.statements.get(sha256);
  }

  async apply(answer: EvidenceStatementSigned, manager: Transaction): Promise<void> {
    if (answer.outcome === 'signed') {
      await this.statements.decide(manager, answer.statementSha256, {
        status: 'signed',
        signature: Buffer.from(answer.signature, 'base64'),
        signatureInfo: answer.signatureInfo,
        decidedAt: new Date(answer.signatureInfo.signingTime),
      });
    } else {
      await this.statements.decide(manager, answer.statementSha256, {
        status: 'refused',
        refusalCode: answer.code,
        refusalMessage: answer.message,
        decidedAt: new Date(answer.refusedAt),
      });
    }
  }

  private async currentStatement(filing: Filing) {
    const [documents, timeline, receiptNotices] = await Promise.all([
      this.filings.documents(filing.filingId),
      this.filings.timeline(filing.filingId),
      this.receiptNotices.ofFiling(filing.filingId),
    ]);
    return buildEvidenceStatement({ filing, documents, timeline, receiptNotices });
  }
}
