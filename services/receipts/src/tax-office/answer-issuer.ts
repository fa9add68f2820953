import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { containerFromTaxOffice } from '@tks/contracts';
import { StreamedContent } from '@tks/crypto';
import { DocumentSigner } from '@tks/platform';
import { DocumentStore } from '@tks/storage';
import { sendContainer } from '../channel/container-sending';
import { crashPoint } from '../documents/fault-injection';
import { AnswerKind } from '../documents/answer-places';
import type { Transaction } from '../persistence/transactions.repository';
import { sealAnswerContainer } from './answer-container';
import { CheckResult } from './issued-answer.entity';
import { IssuedAnswersRepository } from './issued-answers.repository';
import { TAX_OFFICE_CONFIG, TaxOfficeConfig } from './tax-office.config';

export const TAX_OFFICE_SIGNER = Symbol('TAX_OFFICE_SIGNER');
/** The tax office's own document store (TAX_OFFICE_STORE_DIR), never the operator's. */
export const TAX_OFFICE_STORE = Symbol('TAX_OFFICE_STORE');

export interface AnswerToIssue {
  readonly kind: AnswerKind;
  readonly fileName: string;
  readonly bytes: Buffer;
  readonly issuedAt: Date;
  readonly checkResult?: CheckResult;
}

/** The received declaration the answers are about, as its container named it. */
export interface AnsweredDocflow {
  readonly docflowId: string;
  readonly taxOfficeCode: string;
  readonly subscriberId: string;
  readonly operatorCode?: string;
  readonly declarationFileName: string;
  /** The bytes, or a stream of them from the tax office's store. */
  readonly declaration: Buffer | StreamedContent;
}

/**
 * Signs an answer (and, in a result of acceptance, the declaration it echoes), seals it in its
 * container, keeps the container in the tax office's store, records the answer and queues the
 * container for the operator, all in the caller's transaction: a crash before the commit leaves
 * nothing recorded and nothing sent, and the redelivered container is answered again.
 */
@Injectable()
export class AnswerIssuer {
  constructor(
    @Inject(TAX_OFFICE_STORE) private readonly store: DocumentStore,
    @Inject(TAX_OFFICE_SIGNER) private readonly signer: DocumentSigner,
    @Inject(TAX_OFFICE_CONFIG) private readonly config: TaxOfficeConfig,
    private readonly answers: IssuedAnswersRepository,
  ) {}

  async issue(manager: Transaction, docflow: AnsweredDocflow, answer: AnswerToIssue): Promise<void> {
    const { signature } = await this.signer.sign(answer.bytes, answer.issuedAt);
    const echo =
      answer.kind === 'acceptance-receipt' || answer.kind === 'refusal-notice'
        ? {
            fileName: docflow.declarationFileName,
            signature: (await this.signer.sign(docflow.declaration, answer.issuedAt)).signature,
          }
        : undefined;
    const sealed = await sealAnswerContainer({
      kind: answer.kind,
      taxOfficeCode: docflow.taxOfficeCode,
      subscriberId: docflow.subscriberId,
      operatorCode: docflow.operatorCode,
      docflowId: docflow.docflowId,
      answer: { fileName: answer.fileName, bytes: answer.bytes, signature },
      declarationEcho: echo,
    });
    // Content-addressed: storing again after a crash yields the same address, nothing leaks.
    const stored = await this.store.put(sealed.archive);
    crashPoint(this.config.RECEIPTS_FAULT_INJECTION, `crash-after-signing:${answer.kind}`);
    await this.answers.insert(manager, {
      answerId: randomUUID(),
      docflowId: docflow.docflowId,
      kind: answer.kind,
      fileName: answer.fileName,
      containerSha256: stored.sha256,
      containerFileName: sealed.fileName,
      checkResult: answer.checkResult ?? null,
      issuedAt: answer.issuedAt,
    });
    await sendContainer(
      manager,
      containerFromTaxOffice,
      { docflowId: docflow.docflowId, fileName: sealed.fileName, archive: sealed.archive },
      this.config.CHANNEL_INLINE_MAX_BYTES,
    );
  }
}
