import { formatCompactDate, parseCompactDate, type CalendarDate } from './calendar-date';
import { domainError, type DomainError } from './errors';
import { checkInn, type Inn } from './inn';
import { checkKpp, type Kpp } from './kpp';
import { fail, ok, type Result } from './result';
import { checkTaxOfficeCode, type TaxOfficeCode } from './tax-office-code';

/**
 * The declaration file identifier `ИдФайл` = `R_T_A_K_O_GGGGMMDD_N` (FNS declaration formats,
 * element `Файл`); the file is named `ИдФайл` + `.xml`. Every rule about its shape lives here.
 *
 * - `R_T`: prefix and form index, e.g. `NO_USN`, `NO_NDS`, `NO_NDS.8`, `NO_NDFL6.2`.
 * - `A`: code of the tax office the file is sent to (the transit recipient), 4 digits.
 * - `K`: code of the final recipient tax office, 4 digits.
 * - `O`: the sender: INN (10) + KPP (9) of a company, or INN (12) of a person.
 * - `GGGGMMDD`: the date the file was formed.
 * - `N`: a GUID, 36 characters.
 */
export type FileIdSender =
  | { readonly kind: 'legal-entity'; readonly inn: Inn; readonly kpp: Kpp }
  | { readonly kind: 'person'; readonly inn: Inn };

export interface FileId {
  /** `R`, e.g. `NO` for tax reporting. */
  readonly prefix: string;
  /** `T`, e.g. `USN`, `NDFL6.2`. */
  readonly formIndex: string;
  /** `A`. */
  readonly transitTaxOffice: TaxOfficeCode;
  /** `K`. */
  readonly finalTaxOffice: TaxOfficeCode;
  /** `O`. */
  readonly sender: FileIdSender;
  /** `GGGGMMDD`. */
  readonly date: CalendarDate;
  /** `N`, kept in the case it was written in, so that formatting gives back the same identifier. */
  readonly guid: string;
}

// Prefix: capital Latin letters. Form index: capital Latin letters and digits, dot-separated
// groups allowed (`NDS.8`, `NDFL6.2`) but no underscore, since `_` separates the parts.
// (confirm) against the list of FNS form indices if one with an underscore turns up.
const PREFIX = /^[A-Z]+$/;
const FORM_INDEX = /^[A-Z0-9]+(?:\.[A-Z0-9]+)*$/;
const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;
const PART_COUNT = 7;
const COMPANY_SENDER_LENGTH = 19;
const PERSON_SENDER_LENGTH = 12;
// Far above any real identifier (about 80 characters); bounds the work done on hostile input.
const MAX_LENGTH = 200;

type Part = 'R' | 'T' | 'A' | 'K' | 'O' | 'GGGGMMDD' | 'N';

function formatError(value: string, part: Part | 'whole', message: string): DomainError {
  return domainError('TKS-FILE-ID-FORMAT', `ИдФайл "${value}": ${message}`, { fileId: value, part });
}

/** Re-labels an identifier's own error (INN, KPP, tax office code) with the part of `ИдФайл` it came from. */
function inPart(value: string, part: Part, error: DomainError): DomainError {
  return domainError(error.code, `ИдФайл "${value}", part ${part}: ${error.message}`, {
    ...error.detail,
    fileId: value,
    part,
  });
}

function parseSender(value: string, o: string): Result<FileIdSender> {
  if (o.length === COMPANY_SENDER_LENGTH) {
    const inn = checkInn(o.slice(0, 10), 'legal-entity');
    if (!inn.ok) return fail(inPart(value, 'O', inn.error));
    const kpp = checkKpp(o.slice(10));
    if (!kpp.ok) return fail(inPart(value, 'O', kpp.error));
    return ok({ kind: 'legal-entity', inn: inn.value, kpp: kpp.value });
  }
  if (o.length === PERSON_SENDER_LENGTH) {
    const inn = checkInn(o, 'person');
    if (!inn.ok) return fail(inPart(value, 'O', inn.error));
    return ok({ kind: 'person', inn: inn.value });
  }
  return fail(
    formatError(
      value,
      'O',
      `the sender "${o}" must be INN+KPP (19 characters) or a person's INN (12 digits)`,
    ),
  );
}

/** Parses and validates `ИдФайл`, including the sender's INN and KPP check rules. Never throws. */
export function parseFileId(value: string): Result<FileId> {
  if (value.length > MAX_LENGTH) {
    return fail(formatError(value.slice(0, 40) + '…', 'whole', `longer than ${MAX_LENGTH} characters`));
  }
  const parts = value.split('_');
  if (parts.length !== PART_COUNT) {
    return fail(
      formatError(value, 'whole', `must have ${PART_COUNT} parts R_T_A_K_O_GGGGMMDD_N separated by "_"`),
    );
  }
  const [r, t, a, k, o, date, guid] = parts as [string, string, string, string, string, string, string];
  if (!PREFIX.test(r)) return fail(formatError(value, 'R', `prefix "${r}" must be capital Latin letters`));
  if (!FORM_INDEX.test(t)) {
    return fail(formatError(value, 'T', `form index "${t}" must be capital Latin letters, digits and dots`));
  }
  const transit = checkTaxOfficeCode(a);
  if (!transit.ok) return fail(inPart(value, 'A', transit.error));
  const final = checkTaxOfficeCode(k);
  if (!final.ok) return fail(inPart(value, 'K', final.error));
  const sender = parseSender(value, o);
  if (!sender.ok) return sender;
  const formed = parseCompactDate(date);
  if (!formed.ok) return fail(formatError(value, 'GGGGMMDD', formed.error.message));
  if (!GUID.test(guid)) {
    return fail(formatError(value, 'N', `"${guid}" is not a GUID (8-4-4-4-12 hexadecimal digits)`));
  }
  return ok({
    prefix: r,
    formIndex: t,
    transitTaxOffice: transit.value,
    finalTaxOffice: final.value,
    sender: sender.value,
    date: formed.value,
    guid,
  });
}

/** `O`: INN+KPP of a company, INN of a person. */
export function formatFileIdSender(sender: FileIdSender): string {
  return sender.kind === 'legal-entity' ? `${sender.inn}${sender.kpp}` : sender.inn;
}

export function formatFileId(id: FileId): string {
  return [
    id.prefix,
    id.formIndex,
    id.transitTaxOffice,
    id.finalTaxOffice,
    formatFileIdSender(id.sender),
    formatCompactDate(id.date),
    id.guid,
  ].join('_');
}

/** The file name a declaration must carry: `ИдФайл` + `.xml`; a mismatch is FNS error 0400400007. */
export function declarationFileName(id: FileId | string): string {
  return `${typeof id === 'string' ? id : formatFileId(id)}.xml`;
}
