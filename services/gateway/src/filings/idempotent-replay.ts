import { Injectable } from '@nestjs/common';
import type { StoredObject } from '@tks/storage';
import { ProblemException } from '../http/problem';
import type { Principal } from '../access/principal';
import type { SubscriberView } from '../subscribers/subscriber-view.entity';
import { FilingIntakeService, IntakeResult } from './filing-intake.service';
import { FilingsRepository } from './filings.repository';
import { assertSameUpload } from './same-upload';

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
 * answered with a filing it is not (assertSameUpload), so the body is read before answering.
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
    await assertSameUpload(this.filings, earlier.filingId, declaration, signature);
    return earlier.answer();
  }
}
