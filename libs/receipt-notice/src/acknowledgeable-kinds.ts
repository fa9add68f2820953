import { acknowledgedKind } from '@tks/contracts';

/**
 * The documents the subscriber confirms with a receipt notice: the tax office's answers
 * (domain README, docflow step 5). The sending-date confirmation is the operator's, not the tax
 * office's, and needs none for the docflow to finish. Declared once, in the contracts.
 */
export const ACKNOWLEDGEABLE_KINDS = acknowledgedKind.options;
export type AcknowledgeableKind = (typeof ACKNOWLEDGEABLE_KINDS)[number];

export const isAcknowledgeable = (kind: string): kind is AcknowledgeableKind =>
  (ACKNOWLEDGEABLE_KINDS as readonly string[]).includes(kind);
