import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, EntityManager } from 'typeorm';
import { FilingSigned } from '@tks/contracts';
import { DocumentStore } from '@tks/storage';
import { RECEIPTS_CONFIG, ReceiptsConfig } from '../receipts.config';
import { Clock, CLOCK } from '../receipts/clock';
import { Receipt } from '../receipts/receipt.entity';
import { ReceiptRecorder } from '../receipts/receipt-recorder';
import { ReceiptSigner, TAX_OFFICE_SIGNER } from '../receipts/receipt-signer';
import { buildAcceptanceReceipt } from './acceptance-receipt';
import { AnsweredFiling } from './answer-common';
import { buildRefusalNotice } from './refusal-notice';
import { runTaxOfficeChecks, TaxOfficeCheckContext } from './tax-office-checks';

export const TAX_OFFICE_CHECK_CONTEXT = Symbol('TAX_OFFICE_CHECK_CONTEXT');
const PROGRAM_VERSION = 'tks 0.1.0';

/**
 * Acts for the tax office once the sending-date confirmation exists: checks the filing and answers
 * with a receipt of acceptance or a notice of refusal, signed with the tax office's own key.
 * The header fields the answer needs (КНД, НомКорр, Период, ОтчетГод) are read from the
 * declaration in the document store, so the events stay narrow.
 */
@Injectable()
export class TaxOfficeAnswerService {
  constructor(
    private readonly store: DocumentStore,
    private readonly recorder: ReceiptRecorder,
    @Inject(TAX_OFFICE_SIGNER) private readonly signer: ReceiptSigner,
    @Inject(TAX_OFFICE_CHECK_CONTEXT) private readonly checks: TaxOfficeCheckContext,
    @Inject(RECEIPTS_CONFIG) private readonly config: ReceiptsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async answer(filing: FilingSigned, manager: EntityManager): Promise<void> {
    const answered = await manager.existsBy(Receipt, {
      filingId: filing.filingId,
      kind: In(['acceptance-receipt', 'refusal-notice']),
    });
    if (answered) return;
    const receivedAt = this.clock();
    const [declaration, signature] = await Promise.all([
      this.store.get(filing.declaration.sha256),
      this.store.get(filing.signature.sha256),
    ]);
    const result = await runTaxOfficeChecks(
      { declaration, signature, declarationFileName: filing.declaration.fileName, receivedAt },
      this.checks,
    );
    const issuedAt = this.clock();
    const subject: AnsweredFiling = {
      receiptId: randomUUID(),
      operatorCode: this.config.OPERATOR_CODE,
      taxOfficeCode: filing.taxOfficeCode,
      declarationFileName: filing.declaration.fileName,
      sentAt: new Date(filing.submittedAt),
      receivedAt,
      issuedAt,
      programVersion: PROGRAM_VERSION,
    };
    const accepted = result.refusals.length === 0 && result.header !== null;
    const { fileName, bytes } =
      accepted && result.header
        ? buildAcceptanceReceipt(subject, result.header)
        : buildRefusalNotice(subject, result.header, result.refusals);
    await this.recorder.issue(
      manager,
      {
        receiptId: subject.receiptId,
        filingId: filing.filingId,
        kind: accepted ? 'acceptance-receipt' : 'refusal-notice',
        fileName,
        bytes,
        taxOfficeCode: filing.taxOfficeCode,
        submittedAt: subject.sentAt,
        issuedAt,
        checkResult: { signature: result.signature, refusals: [...result.refusals] },
        ...(accepted ? {} : { refusalCodes: result.refusals.map((r) => r.code) }),
      },
      this.signer,
    );
  }
}
