import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { receiptNoticeSent } from '@tks/contracts';
import { errorCodeEntry, isErrorCode } from '@tks/domain';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import {
  ACKNOWLEDGEABLE_KINDS,
  AcknowledgeableKind,
  readReceiptNotice,
  ReceiptNoticeRefusal,
  receiptNoticeFileId,
} from '@tks/receipt-notice';
import { DocumentStore, StoredObject } from '@tks/storage';
import { maySubmitFor, type Principal } from '../access/principal';
import { DocflowRecorder } from '../docflow/docflow-recorder';
import { Filing } from '../filings/filing.entity';
import { FilingsRepository } from '../filings/filings.repository';
import { problem, ProblemException } from '../http/problem';
import { Transaction, Transactions } from '../persistence/transactions.repository';
import { CertificatesRepository } from '../subscribers/certificates.repository';
import { missingCertificate } from '../subscribers/certificate-usability';
import { signerAuthority } from '../subscribers/signer-authority';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { fnsCodeOf, verifyReceiptNoticeSignature } from './receipt-notice-signature';
import { ReceiptNotice } from './receipt-notice.entity';
import { ReceiptNoticesRepository } from './receipt-notices.repository';

export interface ReceivedReceiptNotice {
  readonly notice: Buffer;
  readonly signature: Buffer;
}

export interface ReceiptNoticeResult {
  readonly notice: ReceiptNotice;
  readonly replayed: boolean;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Takes in a subscriber's receipt notice (извещение о получении) of one answer of the tax office,
 * checked in the order of a declaration's intake: the caller may act for the filing's subscriber;
 * the XML is a valid IZ; it confirms exactly one answer of this filing, and is named for it; the
 * confirming party is the subscriber; then authority: the signature names one of the subscriber's
 * usable certificates and verifies over the bytes. The notice, its signature, the timeline line
 * and `receipt-notice.sent` commit together. One notice per answer: the same notice again is
 * answered as the first time, another one for the same answer is a conflict.
 */
@Injectable()
export class ReceiptNoticeIntakeService {
  constructor(
    private readonly transactions: Transactions,
    private readonly filings: FilingsRepository,
    private readonly receiptNotices: ReceiptNoticesRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly certificates: CertificatesRepository,
    private readonly docflow: DocflowRecorder,
    private readonly store: DocumentStore,
    private readonly relay: OutboxRelay,
  ) {}

  async send(
    principal: Principal,
    filingId: string,
    received: ReceivedReceiptNotice,
  ): Promise<ReceiptNoticeResult> {
    const filing = await this.filings.find(filingId);
    // Another client's filing looks exactly like a missing one.
    if (!filing || !maySubmitFor(principal, filing.subscriberId)) {
      throw problem(404, 'TKS-NOT-FOUND', 'No such filing');
    }
    const read = readReceiptNotice(received.notice);
    if (!read.ok) throw refusal(read.error);
    const notice = read.value;
    const [fileName, ...others] = notice.receivedFileNames;
    if (fileName === undefined || others.length > 0) {
      throw problem(
        422,
        'TKS-RECEIPT-NOTICE-FILE',
        'A receipt notice confirms one answer of the tax office',
        `it names ${notice.receivedFileNames.length} files; send one notice per answer`,
      );
    }
    const answer = await this.filings.documentNamed(filingId, fileName, ACKNOWLEDGEABLE_KINDS);
    if (!answer) {
      throw problem(
        422,
        'TKS-RECEIPT-NOTICE-FILE',
        'The receipt notice names no answer of the tax office to this filing',
        `${fileName} is not an answer of the tax office to filing ${filingId}`,
      );
    }
    const kind = answer.kind as AcknowledgeableKind;
    if (notice.fileId !== receiptNoticeFileId(fileName)) {
      throw problem(
        422,
        'TKS-RECEIPT-NOTICE-NAME',
        'The receipt notice’s ИдФайл is not IZ_ + the confirmed file’s name',
        `ИдФайл is ${notice.fileId}, expected ${receiptNoticeFileId(fileName)}`,
      );
    }
    const subscriber = await this.subscribers.find(filing.subscriberId);
    if (!subscriber || notice.confirmerInn !== subscriber.inn) {
      throw problem(
        403,
        'TKS-SUBSCRIBER-MISMATCH',
        'The receipt notice is not the subscriber’s',
        'ПодтвДок must name the subscriber (its INN)',
      );
    }
    const earlier = await this.receiptNotices.forAnswer(filingId, kind);
    if (earlier) return this.replayOrConflict(earlier, received);

    const now = new Date();
    const signerCertificateId = await this.checkAuthority(filing.subscriberId, received, now);
    const [document, signature] = [
      await this.store.put(received.notice),
      await this.store.put(received.signature),
    ];
    const row = Object.assign(new ReceiptNotice(), {
      receiptNoticeId: randomUUID(),
      filingId,
      acknowledgedKind: kind,
      acknowledgedFileName: fileName,
      fileName: `${notice.fileId}.xml`,
      sha256: document.sha256,
      signatureSha256: signature.sha256,
      signerCertificateId,
      sentAt: now,
      forwardedAt: null,
    });
    try {
      await this.transactions.run((manager) => this.record(manager, filing, row, document, signature));
    } catch (error) {
      // A concurrent notice of the same answer won the unique (filing_id, acknowledged_kind).
      if ((error as { code?: string }).code === '23505') {
        const winner = await this.receiptNotices.forAnswer(filingId, kind);
        if (winner) return this.replayOrConflict(winner, received);
      }
      throw error;
    }
    this.relay.kick();
    return { notice: row, replayed: false };
  }

  /** The subscriber has a usable certificate, the signature names one of them and verifies. */
  private async checkAuthority(
    subscriberId: string,
    received: ReceivedReceiptNotice,
    now: Date,
  ): Promise<string> {
    const certificates = (await this.certificates.of(subscriberId)).map((row) => row.state);
    const missing = missingCertificate(certificates, now);
    if (missing) {
      throw problem(
        403,
        'TKS-CERTIFICATE-REQUIRED',
        'The subscriber has no usable qualified certificate',
        missing,
      );
    }
    const authority = signerAuthority(received.signature, certificates, now);
    if (!authority.ok) throw fnsProblem('0100100000', authority.detail);
    const verdict = await verifyReceiptNoticeSignature(received.notice, received.signature, now);
    if (!verdict.valid) {
      throw fnsProblem(
        fnsCodeOf(verdict),
        `the signature does not verify: ${verdict.reason}${verdict.detail ? ` (${verdict.detail})` : ''}`,
      );
    }
    const [certificateId] = authority.certificateIds;
    if (!certificateId) throw fnsProblem('0100100000', 'the signature has no signer');
    return certificateId;
  }

  private async record(
    manager: Transaction,
    filing: Filing,
    row: ReceiptNotice,
    document: StoredObject,
    signature: StoredObject,
  ): Promise<void> {
    await this.receiptNotices.insert(manager, row);
    const documentRef = { ...document, mediaType: 'application/xml', fileName: row.fileName };
    const signatureRef = {
      ...signature,
      mediaType: 'application/pkcs7-signature',
      fileName: `${row.fileName}.sig`,
    };
    for (const [kind, ref] of [
      ['receipt-notice', documentRef],
      ['receipt-notice-signature', signatureRef],
    ] as const) {
      await this.filings.insertDocument(manager, {
        documentId: randomUUID(),
        filingId: filing.filingId,
        kind,
        acknowledges: row.acknowledgedKind,
        fileName: ref.fileName,
        mediaType: ref.mediaType,
        sha256: ref.sha256,
        size: ref.size,
      });
    }
    await this.docflow.record(manager, filing.filingId, {
      at: row.sentAt,
      detail: { receiptNotice: 'sent', acknowledges: row.acknowledgedKind, fileName: row.fileName },
    });
    await enqueueEvent(
      manager,
      receiptNoticeSent,
      filing.filingId,
      {
        receiptNoticeId: row.receiptNoticeId,
        filingId: filing.filingId,
        docflowId: filing.docflowId,
        subscriberId: filing.subscriberId,
        taxOfficeCode: filing.taxOfficeCode as string,
        acknowledgedKind: row.acknowledgedKind,
        acknowledgedFileName: row.acknowledgedFileName,
        sentAt: row.sentAt.toISOString(),
        document: documentRef,
        signature: signatureRef,
        signerCertificateId: row.signerCertificateId,
      },
      row.sentAt,
    );
  }

  /** The first notice of an answer stands: the same bytes again replay it, other bytes conflict. */
  private replayOrConflict(earlier: ReceiptNotice, received: ReceivedReceiptNotice): ReceiptNoticeResult {
    if (
      earlier.sha256 === sha256(received.notice) &&
      earlier.signatureSha256 === sha256(received.signature)
    ) {
      return { notice: earlier, replayed: true };
    }
    throw new ProblemException({
      status: 409,
      code: 'TKS-RECEIPT-NOTICE-EXISTS',
      title: 'This answer already has a receipt notice',
      detail: `${earlier.acknowledgedFileName} was confirmed by ${earlier.fileName} at ${earlier.sentAt.toISOString()}; the first notice stands`,
    });
  }
}

function fnsProblem(code: '0100100000' | '0100100004', detail: string): ProblemException {
  const entry = errorCodeEntry(code);
  return new ProblemException({ status: entry.status, code, title: entry.title, detail });
}

function refusal(error: ReceiptNoticeRefusal): ProblemException {
  const entry = isErrorCode(error.code)
    ? errorCodeEntry(error.code)
    : { status: 422, title: 'Invalid receipt notice' };
  return new ProblemException({
    status: entry.status,
    code: error.code,
    title: entry.title,
    detail: error.message,
    ...(error.issues
      ? {
          errors: error.issues.map((i) => ({
            message: i.message,
            ...(i.line !== null ? { line: i.line } : {}),
            ...(i.column !== null ? { column: i.column } : {}),
          })),
        }
      : {}),
  });
}
