import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { errorCodeEntry, isErrorCode } from '@tks/domain';
import { DocumentRef } from '@tks/contracts';
import { OutboxRelay } from '@tks/messaging';
import { DocumentStore, StoredObject } from '@tks/storage';
import { maySubmitFor, type Principal } from '../access/principal';
import { Problem, problem, ProblemException } from '../http/problem';
import { KeyRequestsRepository } from '../keys/key-requests.repository';
import { Transaction, Transactions } from '../persistence/transactions.repository';
import { CertificatesRepository } from '../subscribers/certificates.repository';
import { missingCertificate } from '../subscribers/certificate-usability';
import { signerAuthority } from '../subscribers/signer-authority';
import { SubscriberView } from '../subscribers/subscriber-view.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import type { DeclarationCheckResult } from '@tks/checks';
import { DeclarationValidator, validationOutcome } from '../validation/declaration-validator';
import { CheckedDeclaration } from './declaration-check';
import { FilingDocument } from './filing-document.entity';
import { Filing } from './filing.entity';
import { FilingsRepository } from './filings.repository';
import { assertSameUpload } from './same-upload';
import { enqueueFilingSubmitted } from './filing-submitted-event';
import { cloudKeyOf } from './cloud-key-lookup';

/** What the transport received: the declaration in the store (or too large), and its signature. */
export interface ReceivedUpload {
  declaration: StoredObject | { tooLarge: number };
  /** The client's detached CMS signature, when sent (multipart). */
  signature?: StoredObject;
  /** The file name as sent: X-File-Name, or the multipart part's filename. */
  fileName?: string;
  idempotencyKey?: string;
}

export interface IntakeResult {
  filing: Filing;
  replayed: boolean;
}

type ProblemInput = Omit<Problem, 'type'>;

/** HTTP status of the gateway's own refusal codes that are not in the domain table. */
const refusalStatus: Record<string, number> = {
  'TKS-SUBSCRIBER-MISMATCH': 403,
  'TKS-CERTIFICATE-REQUIRED': 403,
  'TKS-SIGNATURE-REQUIRED': 422,
};

type Authority = { problem: ProblemInput } | { mode: 'client' | 'cloud' };

/**
 * What the intake would do with an upload: refuse it, answer with the filing of the same ИдФайл
 * already taken in (a replay, or TKS-FILE-ID-TAKEN), or take it in signed by the client or to be
 * signed in the cloud. `report` holds every finding of the declaration's checks.
 */
export type Assessment = { report: DeclarationCheckResult } & (
  | { refusal: ProblemInput; checked?: CheckedDeclaration }
  | { existing: Filing; checked: CheckedDeclaration }
  | { mode: 'client' | 'cloud'; checked: CheckedDeclaration }
);

/**
 * Takes a declaration in, in the tax service's order: the caller may file for the subscriber, the
 * bytes are in the store, then transport, name and identity, and schema checks (validation/), then
 * authority: the subscriber has a usable qualified certificate, and a client's own signature was
 * made with one of them (its cryptographic verification is the signer's).
 * An accepted filing and its `filing.submitted` event commit in one transaction; a refused one is
 * recorded with its reason in one transaction too, and sends nothing. Either is durable before
 * the client hears the answer.
 */
@Injectable()
export class FilingIntakeService {
  constructor(
    private readonly transactions: Transactions,
    private readonly filings: FilingsRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly certificates: CertificatesRepository,
    private readonly keyRequests: KeyRequestsRepository,
    private readonly validator: DeclarationValidator,
    private readonly relay: OutboxRelay,
    private readonly store: DocumentStore,
  ) {}

  /**
   * Before the body is read: the subscriber exists and the caller may file for it. A retried
   * upload with a known Idempotency-Key is answered at once.
   */
  async admit(
    subscriberId: string,
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<{ subscriber: SubscriberView; replay?: IntakeResult }> {
    // Unknown and foreign subscribers look the same to a client: it learns nothing about others.
    const subscriber = maySubmitFor(principal, subscriberId)
      ? await this.subscribers.find(subscriberId)
      : null;
    if (!subscriber || subscriber.status !== 'active') {
      throw problem(404, 'TKS-SUBSCRIBER-UNKNOWN', 'Unknown subscriber', 'register the subscriber first');
    }
    if (idempotencyKey) {
      const previous = await this.filings.findByIdempotencyKey(subscriberId, idempotencyKey);
      if (previous) return { subscriber, replay: this.replay(previous) };
    }
    return { subscriber };
  }

  async accept(subscriber: SubscriberView, upload: ReceivedUpload): Promise<IntakeResult> {
    const assessment = await this.assess(subscriber, upload, this.store, new Date());
    if ('refusal' in assessment) {
      return this.refuse(subscriber, upload, assessment.refusal, assessment.checked);
    }
    if ('existing' in assessment) return this.replayOrConflict(assessment.existing, subscriber.subscriberId);
    const { checked } = assessment;
    const { declaration } = upload;
    if ('tooLarge' in declaration) throw new Error('a declaration over the size limit passed its checks');

    const filing = this.newFiling(subscriber, upload, checked, 'submitted');
    filing.signatureMode = assessment.mode;
    try {
      await this.transactions.run((manager) =>
        this.record(manager, filing, { ...declaration, fileName: `${checked.fileId}.xml` }, upload.signature),
      );
    } catch (error) {
      // A concurrent upload of the same file (or with the same key) won a unique index.
      if ((error as { code?: string }).code === '23505') {
        const winner = await this.findWinner(subscriber.subscriberId, checked.fileId, upload.idempotencyKey);
        if (winner) {
          await this.assertSameUploadOnKey(winner, upload);
          return this.replayOrConflict(winner, subscriber.subscriberId);
        }
      }
      throw error;
    }
    this.relay.kick();
    return { filing, replayed: false };
  }

  /**
   * Every check of the intake, in its order, recording nothing: what accept() decides. POST /checks
   * calls it too (on a scratch store), so a check and a filing cannot disagree.
   */
  async assess(
    subscriber: SubscriberView,
    upload: ReceivedUpload,
    store: DocumentStore,
    now: Date,
  ): Promise<Assessment> {
    const report = await this.validator.check(
      upload.declaration,
      { fileName: upload.fileName, subscriber },
      store,
    );
    const outcome = validationOutcome(report);
    if (!outcome.ok) return { report, refusal: outcome.problem, checked: outcome.declaration };
    const checked = outcome.value;
    const existing = await this.filings.findByFileId(checked.fileId);
    if (existing) return { report, checked, existing };
    const signature = upload.signature ? await store.get(upload.signature.sha256) : undefined;
    const authority = await this.checkAuthority(subscriber, signature, now);
    if ('problem' in authority) return { report, refusal: authority.problem, checked };
    return { report, checked, mode: authority.mode };
  }

  /**
   * The authority step (issue 5, step 4), after the declaration itself passed: the subscriber has
   * a usable certificate in the read model (`TKS-CERTIFICATE-REQUIRED`), and every signer of a
   * client's own signature is one of those certificates, by id = SHA-256 of the DER (0100100000).
   * Without a signature (issue 10) the taxpayer must be able to sign in the cloud: a key of the
   * subscriber on the operator's HSM certified by one of those certificates, else
   * `TKS-SIGNATURE-REQUIRED`; such a filing then waits for the subscriber's consent.
   */
  private async checkAuthority(
    subscriber: SubscriberView,
    signature: Buffer | undefined,
    now: Date,
  ): Promise<Authority> {
    const certificates = (await this.certificates.of(subscriber.subscriberId)).map((row) => row.state);
    const missing = missingCertificate(certificates, now);
    if (missing) {
      return {
        problem: {
          status: refusalStatus['TKS-CERTIFICATE-REQUIRED'],
          code: 'TKS-CERTIFICATE-REQUIRED',
          title: 'The subscriber has no usable qualified certificate',
          detail: missing,
        },
      };
    }
    if (!signature) {
      const cloud = await cloudKeyOf(this.keyRequests, subscriber.subscriberId, certificates, now);
      if (cloud.ok) return { mode: 'cloud' };
      return {
        problem: {
          status: refusalStatus['TKS-SIGNATURE-REQUIRED'],
          code: 'TKS-SIGNATURE-REQUIRED',
          title: 'The declaration needs the taxpayer’s signature',
          detail:
            `send the taxpayer's detached signature (multipart part "signature"); a cloud signature ` +
            `is not possible: ${cloud.reason}`,
        },
      };
    }
    const authority = signerAuthority(signature, certificates, now);
    if (!authority.ok) {
      return {
        problem: {
          status: errorCodeEntry('0100100000').status,
          code: '0100100000',
          title: errorCodeEntry('0100100000').title,
          detail: authority.detail,
        },
      };
    }
    return { mode: 'client' };
  }

  /** Records the refusal (status `refused`, with the reason and the declaration as received). */
  private async refuse(
    subscriber: SubscriberView,
    upload: ReceivedUpload,
    reason: ProblemInput,
    known?: CheckedDeclaration,
  ): Promise<never> {
    const filing = this.newFiling(subscriber, upload, known, 'refused');
    filing.refusalCode = reason.code;
    filing.refusalMessage = reason.detail ?? reason.title;
    filing.refusalErrors = reason.errors ?? null;
    const stored = 'tooLarge' in upload.declaration ? undefined : upload.declaration;
    try {
      await this.transactions.run(async (manager) => {
        await this.filings.insert(manager, filing);
        if (stored) {
          const fileName = known ? `${known.fileId}.xml` : (upload.fileName ?? 'declaration.xml');
          await this.insertDocument(
            manager,
            filing.filingId,
            'declaration',
            { ...stored, fileName },
            'application/xml',
          );
        }
        if (upload.signature) {
          await this.insertDocument(
            manager,
            filing.filingId,
            'client-signature',
            {
              ...upload.signature,
              fileName: `${filing.fileId ?? 'declaration'}.sig`,
            },
            'application/pkcs7-signature',
          );
        }
        await this.filings.insertEvent(manager, {
          filingId: filing.filingId,
          status: 'refused',
          progress: filing.progress,
          outcome: filing.outcome,
          at: filing.submittedAt,
          detail: { code: reason.code, message: filing.refusalMessage ?? reason.title },
        });
      });
    } catch (error) {
      // The same Idempotency-Key raced us: answer as the winner was answered.
      if ((error as { code?: string }).code === '23505' && upload.idempotencyKey) {
        const winner = await this.findWinner(subscriber.subscriberId, undefined, upload.idempotencyKey);
        if (winner) {
          await this.assertSameUploadOnKey(winner, upload);
          throw this.replayedRefusal(winner);
        }
      }
      throw error;
    }
    throw new ProblemException({ ...reason, filingId: filing.filingId });
  }

  private newFiling(
    subscriber: SubscriberView,
    upload: ReceivedUpload,
    checked: CheckedDeclaration | undefined,
    status: 'submitted' | 'refused',
  ): Filing {
    const now = new Date();
    return Object.assign(new Filing(), {
      filingId: randomUUID(),
      docflowId: randomUUID().replace(/-/g, ''),
      subscriberId: subscriber.subscriberId,
      fileId: checked?.fileId ?? null,
      formCode: checked?.formCode ?? null,
      taxOfficeCode: checked?.taxOfficeCode ?? null,
      ...checked?.history,
      status,
      // A refusal at intake ends the docflow at once (docflow/docflow-state.ts).
      progress: status === 'refused' ? 'finished' : 'submitted',
      outcome: status === 'refused' ? 'refused' : null,
      refusalCode: null,
      refusalMessage: null,
      refusalErrors: null,
      signatureMode: null,
      consentGivenBy: null,
      consentGivenAt: null,
      consentCertificateId: null,
      idempotencyKey: upload.idempotencyKey ?? null,
      submittedAt: now,
      updatedAt: now,
    });
  }

  private async record(
    manager: Transaction,
    filing: Filing,
    declaration: StoredObject & { fileName: string },
    signature?: StoredObject,
  ): Promise<void> {
    await this.filings.insert(manager, filing);
    const declarationRef = await this.insertDocument(
      manager,
      filing.filingId,
      'declaration',
      declaration,
      'application/xml',
    );
    const signatureRef = signature
      ? await this.insertDocument(
          manager,
          filing.filingId,
          'client-signature',
          { ...signature, fileName: `${declaration.fileName}.sig` },
          'application/pkcs7-signature',
        )
      : undefined;
    await this.filings.insertEvent(manager, {
      filingId: filing.filingId,
      status: 'submitted',
      progress: filing.progress,
      at: filing.submittedAt,
    });
    // A cloud signature waits for the subscriber's consent: the signer hears of it only then.
    if (filing.signatureMode === 'cloud') return;
    await enqueueFilingSubmitted(
      manager,
      filing,
      declarationRef,
      signatureRef ? { clientSignature: signatureRef } : {},
      filing.submittedAt,
    );
  }

  private async insertDocument(
    manager: Transaction,
    filingId: string,
    kind: FilingDocument['kind'],
    stored: StoredObject & { fileName: string },
    mediaType: string,
  ): Promise<DocumentRef> {
    await this.filings.insertDocument(manager, {
      documentId: randomUUID(),
      filingId,
      kind,
      fileName: stored.fileName,
      mediaType,
      sha256: stored.sha256,
      size: stored.size,
    });
    return { sha256: stored.sha256, size: stored.size, mediaType, fileName: stored.fileName };
  }

  private async findWinner(
    subscriberId: string,
    fileId?: string,
    idempotencyKey?: string,
  ): Promise<Filing | null> {
    if (idempotencyKey) {
      const byKey = await this.filings.findByIdempotencyKey(subscriberId, idempotencyKey);
      if (byKey) return byKey;
    }
    return fileId ? this.filings.findByFileId(fileId) : null;
  }

  /**
   * A concurrent upload with the same Idempotency-Key that recorded first answers this one only
   * if the bodies are the same, as a retry's would be (a winner of the same ИдФайл under another
   * key or none is a duplicate file, answered by replayOrConflict).
   */
  private async assertSameUploadOnKey(winner: Filing, upload: ReceivedUpload): Promise<void> {
    if (!upload.idempotencyKey || winner.idempotencyKey !== upload.idempotencyKey) return;
    await assertSameUpload(this.filings, winner.filingId, upload.declaration, upload.signature);
  }

  /** A replayed upload gets the answer the first one got: the filing, or the same refusal. */
  private replay(previous: Filing): IntakeResult {
    if (previous.status === 'refused') throw this.replayedRefusal(previous);
    return { filing: previous, replayed: true };
  }

  private replayedRefusal(previous: Filing): ProblemException {
    const code = previous.refusalCode ?? 'TKS-INTERNAL';
    const entry = isErrorCode(code) ? errorCodeEntry(code) : undefined;
    return new ProblemException({
      status: entry?.status ?? refusalStatus[code] ?? 422,
      code,
      title: entry?.title ?? 'The declaration was refused',
      detail: previous.refusalMessage ?? undefined,
      errors: previous.refusalErrors ?? undefined,
      filingId: previous.filingId,
    });
  }

  private replayOrConflict(existing: Filing, subscriberId: string): IntakeResult {
    if (existing.subscriberId !== subscriberId) {
      throw problem(
        409,
        'TKS-FILE-ID-TAKEN',
        'A file with this ИдФайл was already filed by another subscriber',
      );
    }
    return this.replay(existing);
  }
}
