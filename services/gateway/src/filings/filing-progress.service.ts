import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DocumentRef, FilingSignatureRejected, FilingSigned, ReceiptIssued } from '@tks/contracts';
import { DocflowRecorder } from '../docflow/docflow-recorder';
import type { Transaction } from '../persistence/transactions.repository';
import { FilingDocumentKind } from './filing-document.entity';
import { Filing, FilingStatus } from './filing.entity';
import { FilingsRepository } from './filings.repository';

/**
 * The tax office's answer decides the filing: accepted, or rejected with a refusal notice. The
 * notices that follow an acceptance (input, clarification) are recorded on the timeline and keep
 * the status the receipt of acceptance gave.
 */
const statusAfterReceipt: Record<ReceiptIssued['kind'], FilingStatus> = {
  'sending-date-confirmation': 'receipt-issued',
  'acceptance-receipt': 'accepted',
  'refusal-notice': 'rejected',
  'input-notice': 'accepted',
  'clarification-notice': 'accepted',
};

/**
 * Applies what the other services report about a filing to its status, progress and outcome,
 * timeline and documents (docflow/docflow-recorder.ts).
 */
@Injectable()
export class FilingProgressService {
  constructor(
    private readonly filings: FilingsRepository,
    private readonly docflow: DocflowRecorder,
  ) {}

  async applySigned(event: FilingSigned, manager: Transaction): Promise<void> {
    await this.addDocument(manager, event.filingId, 'declaration-signature', event.signature);
    // The sealed transport container (issue 4), when the signer made one.
    if (event.container)
      await this.addDocument(manager, event.filingId, 'transport-container', event.container);
    await this.advance(manager, event.filingId, 'signed', new Date(event.signatureInfo.signingTime), {
      signer: event.signatureInfo.signerSubject,
      algorithm: event.signatureInfo.algorithm,
      // Issue 10: whose tool signed (the taxpayer's own, or its key on the operator's HSM) and with which certificate.
      ...(event.signedBy ? { signedBy: event.signedBy } : {}),
      ...(event.signerCertificateId ? { signerCertificateId: event.signerCertificateId } : {}),
    });
  }

  async applyReceipt(event: ReceiptIssued, manager: Transaction): Promise<void> {
    await this.addDocument(manager, event.filingId, event.kind, event.document);
    await this.addDocument(manager, event.filingId, `${event.kind}-signature`, event.signature);
    await this.advance(manager, event.filingId, statusAfterReceipt[event.kind], new Date(event.issuedAt), {
      receipt: event.kind,
      receiptId: event.receiptId,
      ...(event.overdue ? { overdue: 'true' } : {}),
      ...(event.refusalCodes ? { refusalCodes: event.refusalCodes.join(',') } : {}),
      // When the operator received a tax office's answer: kept for the evidence statement (issue 14).
      ...(event.receivedAt ? { receivedAt: event.receivedAt } : {}),
    });
    // Deadlines (issue 6): a receipt issued after its deadline flags the filing for the history.
    if (event.overdue) await this.filings.update(manager, event.filingId, { overdue: true });
  }

  /**
   * The client's own signature did not verify: the signer refused to send the filing on, so it
   * ends refused with the FNS code, like a refusal at intake, and is never signed in its place.
   */
  async applySignatureRejected(event: FilingSignatureRejected, manager: Transaction): Promise<void> {
    const v = event.verification;
    const message = v
      ? `the client's signature does not verify: ${v.reason}${v.detail ? ` (${v.detail})` : ''}`
      : `no signature of the taxpayer: ${event.refusal?.message ?? 'neither a client signature nor consent'}`;
    // One update: the table requires a refused filing to carry its refusal code.
    await this.advance(
      manager,
      event.filingId,
      'refused',
      new Date(event.rejectedAt),
      { code: event.fnsCode, reason: v?.reason ?? event.refusal?.code ?? 'TKS-SIGNATURE-REQUIRED' },
      { refusalCode: event.fnsCode, refusalMessage: message },
    );
  }

  private async addDocument(
    manager: Transaction,
    filingId: string,
    kind: FilingDocumentKind,
    ref: DocumentRef,
  ): Promise<void> {
    await this.filings.addDocumentOnce(manager, {
      documentId: randomUUID(),
      filingId,
      kind,
      fileName: ref.fileName,
      mediaType: ref.mediaType,
      sha256: ref.sha256,
      size: ref.size,
    });
  }

  private advance(
    manager: Transaction,
    filingId: string,
    status: FilingStatus,
    at: Date,
    detail: Record<string, string>,
    columns: Pick<Partial<Filing>, 'refusalCode' | 'refusalMessage'> = {},
  ): Promise<void> {
    return this.docflow.record(manager, filingId, { status, at, detail, columns });
  }
}
