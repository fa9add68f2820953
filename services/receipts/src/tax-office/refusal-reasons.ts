/**
 * The reasons the tax office refuses a filing, with the codes and texts of the FNS error
 * classifier seen in public sources (docs/errors.md lists them too). A refusal notice carries one
 * `ПричОтказ` per reason found.
 */
export const REFUSAL_REASONS = {
  /** The declaration's signature is missing, cannot be read or its certificate is not trusted. */
  SIGNATURE_MISSING_OR_INVALID: {
    code: '0100100000',
    text: 'Электронная подпись отсутствует или недействительна',
  },
  /** The signature does not verify over the declaration's bytes. */
  SIGNATURE_MISMATCH: { code: '0100100004', text: 'Электронная подпись не соответствует документу' },
  /** The recipient tax office is not one this tax office serves. */
  WRONG_TAX_OFFICE: { code: '0100200001', text: 'Налоговый орган получателя указан неверно' },
  /** The declaration's header cannot be read against its format. */
  SCHEMA_VIOLATION: { code: '0300300001', text: 'Документ не соответствует формату (XSD-схеме)' },
  /** The file name is not `ИдФайл` + `.xml`. */
  FILE_NAME_MISMATCH: { code: '0400400007', text: 'Имя файла не совпадает со значением ИдФайл' },
} as const;

export type RefusalReasonKey = keyof typeof REFUSAL_REASONS;
export interface RefusalReason {
  readonly code: string;
  readonly text: string;
}

/**
 * КНД of the notice of refusal. Sources disagree between 1166006 and 1166106 **(confirm)**; it is
 * kept here and nowhere else. The receipt of acceptance is КНД 1166002 (format 5.04).
 */
export const REFUSAL_NOTICE_FORM_CODE = '1166006';
export const ACCEPTANCE_RECEIPT_FORM_CODE = '1166002';
