import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Transaction } from '../persistence/transactions.repository';
import { IssuedAnswer } from './issued-answer.entity';

/**
 * The answers the tax office issued (tax_office.answers): the only code of the tax office that
 * queries them. Every method works in the caller's transaction.
 */
@Injectable()
export class IssuedAnswersRepository {
  /** The kinds of answer issued for the docflow so far. */
  async kindsIssued(tx: Transaction, docflowId: string): Promise<Set<IssuedAnswer['kind']>> {
    const rows = await tx.find(IssuedAnswer, {
      select: { kind: true },
      where: {
        docflowId,
        kind: In(['acceptance-receipt', 'refusal-notice', 'input-notice', 'clarification-notice']),
      },
    });
    return new Set(rows.map((r) => r.kind));
  }

  /** Fails on a second answer of a kind, or on both an acceptance and a refusal (unique indexes). */
  async insert(tx: Transaction, answer: IssuedAnswer): Promise<void> {
    await tx.insert(IssuedAnswer, answer);
  }
}
