import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { FilingSigned, receiptIssued } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import { DocumentSigner, DOCUMENT_SIGNER } from '@tks/platform';
import { DocumentStore } from '@tks/storage';
import { RECEIPTS_CONFIG, ReceiptsConfig } from '../receipts.config';
import { Receipt } from './receipt.entity';
import { buildSendingDateConfirmation } from './sending-date-confirmation';

export const PROGRAM_VERSION = 'tks 0.1.0';

/** Issues the operator's sending-date confirmation once a filing is signed. */
@Injectable()
export class ReceiptIssuingService {
  constructor(
    private readonly store: DocumentStore,
    @Inject(DOCUMENT_SIGNER) private readonly signer: DocumentSigner,
    @Inject(RECEIPTS_CONFIG) private readonly config: ReceiptsConfig,
  ) {}

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
    const { signature, info } = await this.signer.sign(bytes);
    const [document, signatureObject] = [await this.store.put(bytes), await this.store.put(signature)];
    const issuedAt = new Date(info.signingTime);
    await manager.insert(Receipt, {
      receiptId,
      filingId: filing.filingId,
      kind,
      fileName,
      documentSha256: document.sha256,
      documentSize: document.size,
      signatureSha256: signatureObject.sha256,
      signatureSize: signatureObject.size,
      signerSubject: info.signerSubject,
      submittedAt,
      issuedAt,
    });
    await enqueueEvent(manager, receiptIssued, filing.filingId, {
      receiptId,
      filingId: filing.filingId,
      kind,
      issuedAt: issuedAt.toISOString(),
      document: { ...document, mediaType: 'application/xml', fileName },
      signature: {
        ...signatureObject,
        mediaType: 'application/pkcs7-signature',
        fileName: `${fileName}.sig`,
      },
      signatureInfo: info,
    });
  }
}
