import { Inject, Injectable } from '@nestjs/common';
import { receiptIssued, ReceiptKind, SignatureInfo } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import { DocumentStore } from '@tks/storage';
import { RECEIPTS_CONFIG, ReceiptsConfig } from '../receipts.config';
import { checkDeadline, ReceiptDeadlines } from './deadlines';
import { crashPoint } from '../documents/fault-injection';
import type { Transaction } from '../persistence/transactions.repository';
import { ReceiptSigner } from './receipt-signer';
import { ReceiptsRepository } from './receipts.repository';

export interface ReceiptToIssue {
  readonly receiptId: string;
  readonly filingId: string;
  readonly kind: ReceiptKind;
  readonly fileName: string;
  readonly bytes: Buffer;
  readonly taxOfficeCode: string;
  readonly submittedAt: Date;
  readonly issuedAt: Date;
  readonly refusalCodes?: readonly string[];
  /** An answer of the tax office: when its container reached the operator (receipt.issued `receivedAt`). */
  readonly receivedAt?: Date;
}

/**
 * Signs a receipt, stores it with its signature, records it and queues `receipt.issued`, all in
 * the caller's transaction. The unique indexes on (filing_id, kind) and on the one answer per
 * filing make a second receipt impossible: a duplicate insert fails the transaction, which rolls
 * the inbox entry back too, and the retry finds the receipt already there.
 */
@Injectable()
export class ReceiptRecorder {
  private readonly deadlines: ReceiptDeadlines;

  constructor(
    private readonly store: DocumentStore,
    @Inject(RECEIPTS_CONFIG) private readonly config: ReceiptsConfig,
    private readonly receipts: ReceiptsRepository,
  ) {
    this.deadlines = {
      'sending-date-confirmation': config.SENDING_DATE_CONFIRMATION_DEADLINE_S,
      'acceptance-receipt': config.ACCEPTANCE_RECEIPT_DEADLINE_S,
      'refusal-notice': config.REFUSAL_NOTICE_DEADLINE_S,
      'input-notice': config.INPUT_NOTICE_DEADLINE_S,
      'clarification-notice': config.CLARIFICATION_NOTICE_DEADLINE_S,
    };
  }

  async issue(manager: Transaction, receipt: ReceiptToIssue, signer: ReceiptSigner): Promise<void> {
    const signed = await signer.sign(receipt.bytes, receipt.issuedAt);
    await this.record(manager, receipt, signed, () =>
      crashPoint(this.config.RECEIPTS_FAULT_INJECTION, `crash-after-signing:${receipt.kind}`),
    );
  }

  /**
   * Records a receipt signed elsewhere (an answer of the tax office, whose signature arrived in its
   * container) and queues `receipt.issued`, in the caller's transaction.
   */
  async record(
    manager: Transaction,
    receipt: ReceiptToIssue,
    signed: { signature: Buffer; info: SignatureInfo },
    afterStoring: () => void = () => undefined,
  ): Promise<void> {
    const { signature, info } = signed;
    // Content-addressed: storing again after a crash yields the same addresses, nothing leaks.
    const document = await this.store.put(receipt.bytes);
    const signatureObject = await this.store.put(signature);
    afterStoring();

    const { elapsedMs, deadlineAt, overdue } = checkDeadline(
      receipt.kind,
      receipt.submittedAt,
      receipt.issuedAt,
      this.deadlines,
    );
    await this.receipts.insert(manager, {
      receiptId: receipt.receiptId,
      filingId: receipt.filingId,
      kind: receipt.kind,
      fileName: receipt.fileName,
      documentSha256: document.sha256,
      documentSize: document.size,
      signatureSha256: signatureObject.sha256,
      signatureSize: signatureObject.size,
      signerSubject: info.signerSubject,
      submittedAt: receipt.submittedAt,
      issuedAt: receipt.issuedAt,
      receivedAt: receipt.receivedAt ?? null,
      taxOfficeCode: receipt.taxOfficeCode,
      // The tax office keeps what its checks found (tax_office.answers); the operator never sees it.
      checkResult: null,
      elapsedMs,
      deadlineAt,
      overdue,
    });
    await enqueueEvent(
      manager,
      receiptIssued,
      receipt.filingId,
      {
        receiptId: receipt.receiptId,
        filingId: receipt.filingId,
        kind: receipt.kind,
        issuedAt: receipt.issuedAt.toISOString(),
        document: { ...document, mediaType: 'application/xml', fileName: receipt.fileName },
        signature: {
          ...signatureObject,
          mediaType: 'application/pkcs7-signature',
          fileName: `${receipt.fileName}.sig`,
        },
        signatureInfo: info,
        deadlineAt: deadlineAt.toISOString(),
        overdue,
        ...(receipt.refusalCodes ? { refusalCodes: [...receipt.refusalCodes] } : {}),
        ...(receipt.receivedAt ? { receivedAt: receipt.receivedAt.toISOString() } : {}),
      },
      receipt.issuedAt,
    );
  }
}
