import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { FilingSigned } from '@tks/contracts';
import { DocumentStore } from '@tks/storage';
import { DeclarationTaxpayer, readDeclarationHeaderFromStream } from '@tks/xml';
import { RECEIPTS_CONFIG, ReceiptsConfig } from '../receipts.config';
import { Clock, CLOCK } from '../documents/clock';
import type { Transaction } from '../persistence/transactions.repository';
import { ContainerForwarding } from './container-forwarding';
import { ReceiptRecorder } from './receipt-recorder';
import { OPERATOR_SIGNER, ReceiptSigner } from './receipt-signer';
import { ReceiptsRepository } from './receipts.repository';
import { buildSendingDateConfirmation } from './sending-date-confirmation';

export const PROGRAM_VERSION = 'tks 0.1.0';

/**
 * Once a filing is signed: the operator's sending-date confirmation, then the container goes to the
 * tax office over the channel (its answers come back as containers, answer-receiving.service.ts).
 * Each step is skipped when it was done, so a redelivered or repeated event completes what is
 * missing and adds nothing else.
 */
@Injectable()
export class ReceiptIssuingService {
  constructor(
    private readonly store: DocumentStore,
    private readonly recorder: ReceiptRecorder,
    private readonly forwarding: ContainerForwarding,
    @Inject(OPERATOR_SIGNER) private readonly signer: ReceiptSigner,
    @Inject(RECEIPTS_CONFIG) private readonly config: ReceiptsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly receipts: ReceiptsRepository,
  ) {}

  async onFilingSigned(filing: FilingSigned, manager: Transaction): Promise<void> {
    await this.issueSendingDateConfirmation(filing, manager);
    await this.forwarding.forward(filing, manager);
  }

  async issueSendingDateConfirmation(filing: FilingSigned, manager: Transaction): Promise<void> {
    const kind = 'sending-date-confirmation' as const;
    if (await this.receipts.exists(manager, filing.filingId, kind)) return;
    const receiptId = randomUUID();
    const submittedAt = new Date(filing.submittedAt);
    // The declaration's header is read from its head: the declaration itself may be hundreds of MB.
    const [taxpayer, signature] = await Promise.all([
      taxpayerOf(this.store.open(filing.declaration.sha256)),
      this.store.get(filing.signature.sha256),
    ]);
    const { fileName, bytes } = buildSendingDateConfirmation({
      operatorCode: this.config.OPERATOR_CODE,
      operatorName: this.config.OPERATOR_NAME,
      subscriberId: filing.subscriberId,
      taxpayer,
      taxOfficeCode: filing.taxOfficeCode,
      declarationFileName: filing.declaration.fileName,
      declarationSignature: signature,
      sentAt: submittedAt,
      programVersion: PROGRAM_VERSION,
      signerSubject: filing.signatureInfo.signerSubject,
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

/** The sender named in the confirmation; null when the header cannot be read (it is refused later). */
async function taxpayerOf(declaration: Readable): Promise<DeclarationTaxpayer | null> {
  const header = await readDeclarationHeaderFromStream(declaration);
  return header.ok ? header.value.taxpayer : null;
}
