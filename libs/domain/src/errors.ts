/**
 * The one table of error codes the domain reports when a filing fails validation.
 *
 * Where the FNS error classifier has a code for the failure, that code is used as is, so the
 * refusal notice and our API speak the same language (codes seen in public FNS sources, see
 * shared/domain/README.md). Everything else gets a project code prefixed `TKS-`.
 * The HTTP status is the one an API answering with `application/problem+json` should use.
 */

export type ErrorSource = 'fns' | 'project';

export interface ErrorCodeEntry {
  readonly status: 400 | 413 | 415 | 422;
  readonly title: string;
  readonly source: ErrorSource;
}

export const ERROR_CODES = {
  // FNS classifier codes.
  '0100100000': { status: 422, source: 'fns', title: 'Signature is missing or invalid' },
  '0100100004': { status: 422, source: 'fns', title: 'Signature does not match the document' },
  '0100200001': { status: 422, source: 'fns', title: 'Filing is addressed to the wrong tax office' },
  '0100300003': { status: 422, source: 'fns', title: 'Filing is encrypted for another recipient' },
  '0100700003': {
    status: 422,
    source: 'fns',
    title: 'Sending-date confirmation does not match the document',
  },
  '0300300001': { status: 422, source: 'fns', title: 'Document does not conform to its XSD schema' },
  '0400100005': { status: 422, source: 'fns', title: 'INN and KPP do not match' },
  '0400400007': { status: 422, source: 'fns', title: 'File name differs from the file identifier (ИдФайл)' },

  // Project codes: transport and XML safety.
  'TKS-TOO-LARGE': { status: 413, source: 'project', title: 'Document exceeds the size limit' },
  'TKS-ENCODING': { status: 415, source: 'project', title: 'Unsupported or inconsistent character encoding' },
  'TKS-XML-MALFORMED': { status: 400, source: 'project', title: 'XML is not well-formed' },
  'TKS-XML-DOCTYPE': { status: 400, source: 'project', title: 'DOCTYPE and entity declarations are refused' },
  'TKS-XML-TOO-DEEP': { status: 400, source: 'project', title: 'XML nesting exceeds the depth limit' },
  'TKS-XML-TOO-MANY-ATTRIBUTES': {
    status: 400,
    source: 'project',
    title: 'An XML element exceeds the attribute count limit',
  },

  // Project codes: content of a declaration.
  'TKS-DECLARATION-HEADER': {
    status: 422,
    source: 'project',
    title: 'Declaration header is missing a field or has an invalid one',
  },
  'TKS-FILE-ID-FORMAT': { status: 422, source: 'project', title: 'File identifier (ИдФайл) is malformed' },
  'TKS-DATE-FORMAT': { status: 422, source: 'project', title: 'Date is malformed or not a calendar date' },
  'TKS-INN-FORMAT': { status: 422, source: 'project', title: 'INN must be 10 or 12 digits' },
  'TKS-INN-CHECK-DIGIT': { status: 422, source: 'project', title: 'INN check digit is wrong' },
  'TKS-KPP-FORMAT': { status: 422, source: 'project', title: 'KPP is malformed' },
  'TKS-OGRN-FORMAT': { status: 422, source: 'project', title: 'OGRN must be 13 digits, OGRNIP 15' },
  'TKS-OGRN-CHECK-DIGIT': { status: 422, source: 'project', title: 'OGRN check digit is wrong' },
  'TKS-SNILS-FORMAT': { status: 422, source: 'project', title: 'SNILS must be 11 digits' },
  'TKS-SNILS-CHECK-DIGIT': { status: 422, source: 'project', title: 'SNILS check number is wrong' },
  'TKS-TAX-OFFICE-CODE-FORMAT': { status: 422, source: 'project', title: 'Tax office code must be 4 digits' },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Values that survive a trip through JSON, so a detail can go into a problem+json body as is. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type ErrorDetail = { readonly [key: string]: JsonValue };

export interface DomainError {
  readonly code: ErrorCode;
  /** Says what was wrong with this input; the table's title says what the code means in general. */
  readonly message: string;
  readonly detail?: ErrorDetail;
}

export function domainError(code: ErrorCode, message: string, detail?: ErrorDetail): DomainError {
  return detail === undefined ? { code, message } : { code, message, detail };
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

export function errorCodeEntry(code: ErrorCode): ErrorCodeEntry {
  return ERROR_CODES[code];
}
