import type { AcknowledgeableKind } from '@tks/receipt-notice';

/**
 * Where the docflow of a filing stands, in order; it never moves back:
 * - `submitted`: taken in by the gateway;
 * - `signed`: the operator signed (or checked the client's signature) and sealed the container;
 * - `sent`: the operator's sending-date confirmation fixes the date of sending;
 * - `answered`: the tax office answered (receipt of acceptance, refusal notice, and what follows);
 * - `finished`: the tax office's final answer is in and the subscriber's receipt notice of every
 *   answer was forwarded to it, or the filing was refused before it left the operator.
 */
export const filingProgresses = ['submitted', 'signed', 'sent', 'answered', 'finished'] as const;
export type FilingProgress = (typeof filingProgresses)[number];

/**
 * What the docflow decided, apart from where it stands:
 * - `accepted`: the tax office's receipt of acceptance (and then its notice of input);
 * - `clarification-requested`: accepted, then the tax office's notice of clarification;
 * - `rejected`: the tax office's notice of refusal;
 * - `refused`: refused before it reached the tax office (at intake, or the client's signature).
 */
export const filingOutcomes = ['accepted', 'rejected', 'clarification-requested', 'refused'] as const;
export type FilingOutcome = (typeof filingOutcomes)[number];

export const progressRank = (progress: FilingProgress): number => filingProgresses.indexOf(progress);

/** What is known of a filing's docflow: facts only ever added, so the state follows from them. */
export interface DocflowFacts {
  /** Refused by the gateway at intake or because the client's signature did not verify. */
  readonly refused: boolean;
  readonly signed: boolean;
  readonly sendingDateConfirmed: boolean;
  /** The tax office's answers received. */
  readonly answers: ReadonlySet<AcknowledgeableKind>;
  /** The answers whose receipt notice the operator forwarded. */
  readonly forwarded: ReadonlySet<AcknowledgeableKind>;
}

export interface DocflowState {
  readonly progress: FilingProgress;
  readonly outcome: FilingOutcome | null;
}

/** The tax office has said its last word: a refusal, or an acceptance followed by input or clarification. */
export function finalAnswerArrived(answers: ReadonlySet<AcknowledgeableKind>): boolean {
  return (
    answers.has('refusal-notice') ||
    (answers.has('acceptance-receipt') &&
      (answers.has('input-notice') || answers.has('clarification-notice')))
  );
}

export function outcomeOf(facts: DocflowFacts): FilingOutcome | null {
  if (facts.refused) return 'refused';
  if (facts.answers.has('refusal-notice')) return 'rejected';
  if (facts.answers.has('clarification-notice')) return 'clarification-requested';
  if (facts.answers.has('acceptance-receipt')) return 'accepted';
  return null;
}

export function progressOf(facts: DocflowFacts): FilingProgress {
  if (facts.refused) return 'finished';
  const everyAnswerConfirmed = [...facts.answers].every((kind) => facts.forwarded.has(kind));
  if (finalAnswerArrived(facts.answers) && everyAnswerConfirmed) return 'finished';
  if (facts.answers.size > 0) return 'answered';
  if (facts.sendingDateConfirmed) return 'sent';
  if (facts.signed) return 'signed';
  return 'submitted';
}

/**
 * The state after new facts. Events of different topics may arrive in any order, so progress
 * never moves back from what was recorded (`current`).
 */
export function docflowState(facts: DocflowFacts, current?: FilingProgress): DocflowState {
  const derived = progressOf(facts);
  const progress = current && progressRank(current) > progressRank(derived) ? current : derived;
  return { progress, outcome: outcomeOf(facts) };
}
