import { Inject, Injectable } from '@nestjs/common';
import { XMLParser } from 'fast-xml-parser';
import { decode } from 'iconv-lite';
import { ContainerPart } from '@tks/contracts';
import { OpenedContainer, openContainer } from '@tks/container';
import { CmsEngine, parseCertificateBundle } from '@tks/crypto';
import { DocumentStore } from '@tks/storage';
import { ContainerReceiver } from '../channel/container-receiving';
import { Clock, CLOCK } from '../documents/clock';
import { answerKindOf } from '../documents/answer-places';
import type { Transaction } from '../persistence/transactions.repository';
import { ForwardedDocflowsRepository } from './forwarded-docflows.repository';
import { ReceiptRecorder } from './receipt-recorder';
import { ReceiptsRepository } from './receipts.repository';

export const ANSWER_TRUST = Symbol('ANSWER_TRUST');
export interface AnswerTrust {
  readonly engine: CmsEngine;
  readonly trustedCertificates: ReturnType<typeof parseCertificateBundle>;
}

/**
 * The operator receives the tax office's answer containers: it opens each, verifies every signature
 * (the answer's and the tax office's signature of the echoed declaration, over the declaration the
 * operator holds) against the CAs it trusts, and records the answer with the tax office's signature,
 * once (the unique indexes of receipts), emitting receipt.issued as for every document of the docflow.
 */
@Injectable()
export class AnswerReceivingService {
  constructor(
    private readonly store: DocumentStore,
    private readonly recorder: ReceiptRecorder,
    @Inject(ANSWER_TRUST) private readonly trust: AnswerTrust,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly channel: ContainerReceiver,
    private readonly docflows: ForwardedDocflowsRepository,
    private readonly receipts: ReceiptsRepository,
  ) {}

  async receive(part: ContainerPart, manager: Transaction): Promise<void> {
    // The moment the operator has the answer (its last part), recorded with it (issue 14).
    const receivedAt = this.clock();
    const archive = await this.channel.receive(manager, part);
    if (!archive) return;
    const docflow = await this.docflows.find(manager, part.docflowId);
    if (!docflow)
      throw new Error(`answer container ${part.fileName} names docflow ${part.docflowId}, not one forwarded`);
    // The tax office's signature of the declaration is verified over the stored declaration, read
    // as a stream: it may be hundreds of megabytes.
    const declaration = { stream: () => this.store.open(docflow.declarationSha256) };
    const opened = await openContainer(archive, {
      trustedCertificates: this.trust.trustedCertificates,
      engine: this.trust.engine,
      detachedContent: (name) => (name === docflow.declarationFileName ? declaration : undefined),
      // A current answer: GOST 2001 signatures are for archives only.
      allowLegacyAlgorithms: false,
    });
    const answer = answerOf(opened, part.fileName);
    if (await this.receipts.exists(manager, docflow.filingId, answer.kind)) return;
    const [signature] = answer.document.signatures;
    const verification = signature.verification;
    if (!verification?.valid || !verification.signer || !verification.signingTime) {
      throw new Error(`answer container ${part.fileName}: a signature of the tax office does not verify`);
    }
    const issuedAt = verification.signingTime;
    await this.recorder.record(
      manager,
      {
        receiptId: receiptIdOf(answer.document.entry.documentId),
        filingId: docflow.filingId,
        kind: answer.kind,
        fileName: answer.document.entry.originalFileName ?? part.fileName,
        bytes: answer.content,
        taxOfficeCode: docflow.taxOfficeCode,
        submittedAt: docflow.submittedAt,
        issuedAt,
        receivedAt,
        ...(answer.kind === 'refusal-notice' ? { refusalCodes: refusalCodesOf(answer.content) } : {}),
      },
      {
        signature: signature.data,
        info: {
          algorithm: verification.algorithm
            ? `${verification.algorithm.signature} with ${verification.algorithm.digest}`
            : 'unknown',
          signerSubject: verification.signer.subject,
          signerSerialNumber: verification.signer.serialNumber,
          signingTime: issuedAt.toISOString(),
        },
      },
    );
  }
}

function answerOf(opened: OpenedContainer, fileName: string) {
  if (!opened.valid) {
    const problems = opened.documents.flatMap((d) => [
      ...(d.problem ? [d.problem] : []),
      ...d.signatures
        .filter((s) => !s.verification?.valid)
        .map((s) => `${s.fileName}: ${s.verification?.reason}`),
    ]);
    throw new Error(`answer container ${fileName} does not verify: ${problems.join('; ')}`);
  }
  for (const document of opened.documents) {
    const kind = answerKindOf(opened.description.transactionCode, document.entry.typeCode);
    if (!kind || !document.content) continue;
    if (!document.signatures.every((s) => s.role === 'налоговыйОрган')) {
      throw new Error(
        `answer container ${fileName}: the answer is signed by someone other than the tax office`,
      );
    }
    return { kind, document, content: document.content };
  }
  throw new Error(`answer container ${fileName} holds no answer of the tax office`);
}

/** The answer's document id (32 hex) as the receipt id, so the same answer is the same receipt. */
const receiptIdOf = (documentId: string): string =>
  `${documentId.slice(0, 8)}-${documentId.slice(8, 12)}-${documentId.slice(12, 16)}-${documentId.slice(16, 20)}-${documentId.slice(20, 32)}`;

/** `ПеречВыявНар/@КодОш` of a refusal notice, in the notice's order (receipt.issued carries them). */
function refusalCodesOf(bytes: Buffer): string[] {
  const parsed: unknown = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
  }).parse(decode(bytes, 'win1251'));
  const codes: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'КодОш' && typeof value === 'string') codes.push(value);
        else walk(value);
      }
    }
  };
  walk(parsed);
  return codes;
}
