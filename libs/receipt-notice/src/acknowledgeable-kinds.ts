import type { ReceiptKind } from '@tks/contracts';

/**
 * The documents the subscriber confirms with a receipt notice: the tax office's answers
 * (domain README, docflow step 5). The sending-date confirmation is the operator's, not the tax
 * office's, and needs none for the docflow to finish.
 */
export const ACKNOWLEDGEABLE_KINDS = [
  'acceptance-receipt',
  'refusal-notice',
  'input-notice',
  'clarification-notice',
] as const satisfies readonly ReceiptKind[];
export type AcknowledgeableKind = (typeof ACKNOWLEDGEABLE_KINDS)[number];

export const isAcknowledgeable = (kind: string): kind is AcknowledgeableKind =>
  (ACKNOWLEDGEABLE_KINDS as readonly string[]).includes(kind);
