import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { FilingSigned } from '@tks/contracts';
import { RECEIPTS_CONFIG, ReceiptsConfig } from '../receipts.config';
import { TaxOfficeAnswerService } from '../tax-office/tax-office-answer.service';
import { Clock, CLOCK } from './clock';
import { Receipt } from './receipt.entity';
import { ReceiptRecorder } from './receipt-recorder';
import { OPERATOR_SIGNER, ReceiptSigner } from './receipt-signer';
import { buildSendingDateConfirmation } from './sending-date-confirmation';

export const PROGRAM_VERSION = 'tks 0.1.0';

/**
 * Once a filing is signed: the operator's sending-date confirmation, then the tax office's answer
 * (receipt of acceptance or notice of refusal). Each step is skipped when its receipt exists, so a
 * redelivered or repeated event completes what is missing and adds nothing else.
 */
@Injectable()
export class ReceiptIssuingService {
  constructor(
    private readonly recorder: ReceiptRecorder,
    private readonly taxOffice: TaxOfficeAnswerService,
    @Inject(OPERATOR_SIGNER) private readonly signer: ReceiptSigner,
    @Inject(RECEIPTS_CONFIG) private readonly config: ReceiptsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onFilingSigned(filing: FilingSigned, manager: EntityManager): Promise<void> {
    await this.issueSendingDateConfirmation(filing, manager);
    await this.taxOffice.answer(filing, manager);
  }

  async issueSendingDateConfirmation(filing: FilingSigned, manager: EntityManager): Promise<void> {
    const kind = 'sending-date-confirmation' as const;
    if (await manager.existsBy(Receipt, { filingId: filing.filingId, kind })) return;
    const receiptId = randomUUID();
    const submittedAt = new Date(filing.submittedAt);
    const { fileName, bytes } = buildSendingDateConfirmation({
      confirmationId: receiptId,
      operatorCode: this.config.OPERATOR_CODE,
      subscriberId: filing.subscriberId,
      taxOfficeCode: filing.taxOfficeCode,
      docflowId: filing.docflowId,
      sentAt: submittedAt,
      files: [
        { fileName: filing.declaration.fileName, receivedAt: submittedAt },
        { fileName: filing.signature.fileName, receivedAt: new Date(filing.signatureInfo.signingTime) },
      ],
      programVersion: PROGRAM_VERSION,
    });
    await this.recorder.issue(
      manager,
      {
        receiptId,
        filingId: filing.filingId,
        kind,
        fileName,
        bytes,
        taxOfficeCode: filing.taxOfficeCode,
        submittedAt,
        issuedAt: this.clock(),
      },
      this.signer,
    );
  }
}
