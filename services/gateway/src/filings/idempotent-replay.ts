import { Injectable } from '@nestjs/common';
import type { StoredObject } from '@tks/storage';
import { problem, ProblemException } from '../http/problem';
import type { Principal } from '../access/principal';
import type { SubscriberView } from '../subscribers/subscriber-view.entity';
import { FilingDocument } from './filing-document.entity';
import { FilingIntakeService, IntakeResult } from './filing-intake.service';
import { FilingsRepository } from './filings.repository';

/** A retry of an earlier upload with the same Idempotency-Key: its filing and the answer it got. */
export interface EarlierUpload {
  filingId: string;
  /** The first answer again: the filing, or the same refusal thrown. */
  answer(): IntakeResult;
}

export type Admission = { subscriber: SubscriberView; earlier?: undefined } | { earlier: EarlierUpload };

/**
 * The Idempotency-Key promise: a retry of the same request gets the first answer, a different
 * request under the same key is refused (TKS-IDEMPOTENCY-KEY-REUSED) instead of being silently
 * answered with a filing it is not. "The same" is the same declaration bytes and the same
 * signature bytes, compared by their store addresses, so the body is read before answering.
 */
@Injectable()
export class IdempotentReplay {
  constructor(
    private readonly intake: FilingIntakeService,
    private readonly filings: FilingsRepository,
  ) {}

  async admit(subscriberId: string, principal: Principal, idempotencyKey?: string): Promise<Admission> {
    try {
      const admitted = await this.intake.admit(subscriberId, principal, idempotencyKey);
      const replay = admitted.replay;
      if (!replay) return { subscriber: admitted.subscriber };
      return { earlier: { filingId: replay.filing.filingId, answer: () => replay } };
    } catch (error) {
      // A refused first upload is replayed as its refusal, the one problem that names a filing.
      const filingId = error instanceof ProblemException ? error.problem.filingId : undefined;
      if (idempotencyKey && filingId)
        return {
          earlier: {
            filingId,
            answer: () => {
              throw error;
            },
          },
        };
      throw error;
    }
  }

  async answer(
    earlier: EarlierUpload,
    declaration: StoredObject | { tooLarge: number },
    signature: StoredObject | undefined,
  ): Promise<IntakeResult> {
    const documents = await this.filings.documents(earlier.filingId);
    const recorded = (kind: FilingDocument['kind']) => documents.find((d) => d.kind === kind)?.sha256 ?? null;
    const sameDeclaration =
      recorded('declaration') === ('tooLarge' in declaration ? null : declaration.sha256);
    const sameSignature = recorded('client-signature') === (signature?.sha256 ?? null);
    if (!sameDeclaration || !sameSignature) {
      throw problem(
        422,
        'TKS-IDEMPOTENCY-KEY-REUSED',
        'This Idempotency-Key was used for a different upload',
        `the key was first used for filing ${earlier.filingId} with another ` +
          `${sameDeclaration ? 'signature' : 'declaration'}; use a new key for a new upload`,
      );
    }
    return earlier.answer();
  }
}
