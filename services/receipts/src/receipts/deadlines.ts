import { ReceiptKind } from '@tks/contracts';

/** Seconds from submission within which each receipt is due (configured, see receipts.config.ts). */
export type ReceiptDeadlines = Readonly<Record<ReceiptKind, number>>;

export interface DeadlineCheck {
  /** Time from submission to the receipt. */
  readonly elapsedMs: number;
  readonly deadlineAt: Date;
  /** Issued after deadlineAt: the filing is flagged. */
  readonly overdue: boolean;
}

export function checkDeadline(
  kind: ReceiptKind,
  submittedAt: Date,
  issuedAt: Date,
  deadlines: ReceiptDeadlines,
): DeadlineCheck {
  const deadlineAt = new Date(submittedAt.getTime() + deadlines[kind] * 1000);
  return {
    elapsedMs: issuedAt.getTime() - submittedAt.getTime(),
    deadlineAt,
    overdue: issuedAt.getTime() > deadlineAt.getTime(),
  };
}
