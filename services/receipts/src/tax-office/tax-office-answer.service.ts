import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { FilingSigned, ReceiptKind } from '@tks/contracts';
import { DeclarationHeader } from '@tks/xml';
import { DocumentStore } from '@tks/storage';
import { RECEIPTS_CONFIG, ReceiptsConfig } from '../receipts.config';
import { Clock, CLOCK } from '../receipts/clock';
import { Receipt } from '../receipts/receipt.entity';
import { ReceiptRecorder } from '../receipts/receipt-recorder';
import { ReceiptSigner, TAX_OFFICE_SIGNER } from '../receipts/receipt-signer';
import { buildAcceptanceReceipt } from './acceptance-receipt';
import { AnsweredFiling } from './answer-common';
import { buildClarificationNotice } from './clarification-notice';
import { buildInputNotice } from './input-notice';
import { buildRefusalNotice } from './refusal-notice';
import { robotTaxOffice } from './robot-tax-offices';
import { runTaxOfficeChecks, TaxOfficeCheckContext } from './tax-office-checks';

export const TAX_OFFICE_CHECK_CONTEXT = Symbol('TAX_OFFICE_CHECK_CONTEXT');
const PROGRAM_VERSION = 'tks 0.1.0';

/**
 * Acts for the tax office once the sending-date confirmation exists: checks the filing and
 * answers with a receipt of acceptance or a notice of refusal, then, after an acceptance, with a
 * input notice (the data is entered) or a clarification notice (a test tax office asks
 * for one). Each answer is signed with the tax office's key and issued once: a step whose answer
 * exists is skipped, so a redelivery completes what is missing and adds nothing else.
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
    const issued = new Set(
      (
        await manager.find(Receipt, {
          select: { kind: true },
          where: {
            filingId: filing.filingId,
            kind: In(['acceptance-receipt', 'refusal-notice', 'input-notice', 'clarification-notice']),
          },
        })
      ).map((r) => r.kind),
    );
    if (issued.has('refusal-notice') || issued.has('input-notice') || issued.has('clarification-notice'))
      return;

    const receivedAt = this.clock();
    const [declaration, signature] = await Promise.all([
      this.store.get(filing.declaration.sha256),
      this.store.get(filing.signature.sha256),
    ]);
    const result = await runTaxOfficeChecks(
      { declaration, signature, declarationFileName: filing.declaration.fileName, receivedAt },
      this.checks,
    );
    const robot = robotTaxOffice(filing.taxOfficeCode);
    const refusals =
      robot?.decision === 'refuse' && result.refusals.length === 0 ? [robot.reason] : result.refusals;
    const checkResult = { signature: result.signature, refusals: [...refusals] };
    const subject = (issuedAt: Date): AnsweredFiling => ({
      filingId: filing.filingId,
      receiptId: randomUUID(),
      operatorCode: this.config.OPERATOR_CODE,
      taxOfficeCode: filing.taxOfficeCode,
      declarationFileName: filing.declaration.fileName,
      sentAt: new Date(filing.submittedAt),
      receivedAt,
      issuedAt,
      programVersion: PROGRAM_VERSION,
      signerSubject: result.signature.signer,
    });

    if (refusals.length > 0 || result.header === null) {
      const answered = subject(this.clock());
      const { fileName, bytes } = buildRefusalNotice(answered, result.header, refusals);
      await this.issue(manager, filing, answered, 'refusal-notice', fileName, bytes, {
        checkResult,
        refusalCodes: refusals.map((r) => r.code),
      });
      return;
    }
    const header: DeclarationHeader = result.header;
    if (!issued.has('acceptance-receipt')) {
      const answered = subject(this.clock());
      const { fileName, bytes } = buildAcceptanceReceipt(answered, header);
      await this.issue(manager, filing, answered, 'acceptance-receipt', fileName, bytes, { checkResult });
    }
    // The data is entered at once: the input notice (or, where a test tax office asks for
    // one, the clarification notice) follows the receipt of acceptance.
    const answered = subject(this.clock());
    if (robot?.decision === 'clarify') {
      const { fileName, bytes } = buildClarificationNotice(answered, header, robot.summary, robot.errors);
      await this.issue(manager, filing, answered, 'clarification-notice', fileName, bytes, {});
    } else {
      const { fileName, bytes } = buildInputNotice(answered, header);
      await this.issue(manager, filing, answered, 'input-notice', fileName, bytes, {});
    }
  }

  private async issue(
    manager: EntityManager,
    filing: FilingSigned,
    answered: AnsweredFiling,
    kind: ReceiptKind,
    fileName: string,
    bytes: Buffer,
    extra: Pick<Parameters<ReceiptRecorder['issue']>[1], 'checkResult' | 'refusalCodes'>,
  ): Promise<void> {
    await this.recorder.issue(
      manager,
      {
        receiptId: answered.receiptId,
        filingId: filing.filingId,
        kind,
        fileName,
        bytes,
        taxOfficeCode: filing.taxOfficeCode,
        submittedAt: answered.sentAt,
        issuedAt: answered.issuedAt,
        ...extra,
      },
      this.signer,
    );
  }
}
