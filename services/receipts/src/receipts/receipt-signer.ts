import { Provider } from '@nestjs/common';
import { DocumentSigner, documentSignerProvider, SigningKeyLocation } from '@tks/platform';

/**
 * Receipts are signed at a time the caller gives, so the signing-time attribute is the time
 * written in the receipt (one clock, see clock.ts).
 */
export type ReceiptSigner = DocumentSigner;

/** The operator signs the sending-date confirmation (the tax office signs its answers itself). */
export const OPERATOR_SIGNER = Symbol('OPERATOR_SIGNER');

/** `setting` names the key's setting in start-up messages, e.g. OPERATOR_SIGNING_KEY. */
export const receiptSignerProvider = (token: symbol, setting: string, key: SigningKeyLocation): Provider =>
  documentSignerProvider(setting, key, token);
