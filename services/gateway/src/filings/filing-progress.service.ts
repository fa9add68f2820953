import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DocumentRef, FilingSigned, ReceiptIssued } from '@tks/contracts';
import { FilingDocument, FilingDocumentKind } from './filing-document.entity';
import { FilingEvent } from './filing-event.entity';
import { Filing, FilingStatus, statusRank } from './filing.entity';

/** Applies what the other services report about a filing to its status, timeline and documents. */
@Injectable()
export class FilingProgressService {
  async applySigned(event: FilingSigned, manager: EntityManager): Promise<void> {
    await this.addDocument(manager, event.filingId, 'declaration-signature', event.signature);
    await this.advance(manager, event.filingId, 'signed', new Date(event.signatureInfo.signingTime), {
      signer: event.signatureInfo.signerSubject,
      algorithm: event.signatureInfo.algorithm,
    });
  }

  async applyReceipt(event: ReceiptIssued, manager: EntityManager): Promise<void> {
    await this.addDocument(manager, event.filingId, event.kind, event.document);
    await this.addDocument(manager, event.filingId, `${event.kind}-signature`, event.signature);
    await this.advance(manager, event.filingId, 'receipt-issued', new Date(event.issuedAt), {
      receipt: event.kind,
      receiptId: event.receiptId,
    });
  }

  private async addDocument(
    manager: EntityManager,
    filingId: string,
    kind: FilingDocumentKind,
    ref: DocumentRef,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(FilingDocument)
      .values({
        documentId: randomUUID(),
        filingId,
        kind,
        fileName: ref.fileName,
        mediaType: ref.mediaType,
        sha256: ref.sha256,
        size: ref.size,
      })
      .orIgnore()
      .execute();
  }

  private async advance(
    manager: EntityManager,
    filingId: string,
    status: FilingStatus,
    at: Date,
    detail: Record<string, string>,
  ): Promise<void> {
    const filing = await manager.findOne(Filing, {
      where: { filingId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!filing) throw new Error(`filing ${filingId} is not known here yet`);
    await manager.insert(FilingEvent, { filingId, status, at, detail });
    if (statusRank(status) > statusRank(filing.status)) {
      await manager.update(Filing, { filingId }, { status, updatedAt: new Date() });
    }
  }
}
