import { ReceiptKind } from '@tks/contracts';

export type AnswerKind = Exclude<ReceiptKind, 'sending-date-confirmation'>;

/**
 * Where each answer of the tax office travels in docflow 01 "Декларация" (domain README, "The
 * transport container"): the result of acceptance (transaction 04 РезультатПриемаДекларацияНО)
 * carries the receipt of acceptance (document type 06) or the notice of refusal (05); the result
 * of processing (07 РезультатОбработкиДекларацияНО) the input notice (08) or the clarification
 * notice (07). The tax office writes its containers by it and the operator reads them by it.
 */
export const ANSWER_PLACES: Readonly<Record<AnswerKind, { transaction: string; documentType: string }>> = {
  'acceptance-receipt': { transaction: '04', documentType: '06' },
  'refusal-notice': { transaction: '04', documentType: '05' },
  'input-notice': { transaction: '07', documentType: '08' },
  'clarification-notice': { transaction: '07', documentType: '07' },
};

export const answerKindOf = (transaction: string, documentType: string): AnswerKind | undefined =>
  (Object.keys(ANSWER_PLACES) as AnswerKind[]).find(
    (kind) =>
      ANSWER_PLACES[kind].transaction === transaction && ANSWER_PLACES[kind].documentType === documentType,
  );
