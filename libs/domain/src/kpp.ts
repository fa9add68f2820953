import { domainError } from './errors';
import { fail, ok, type Result } from './result';
import type { TaxOfficeCode } from './tax-office-code';

/** A KPP (tax registration reason code) whose format has been verified. KPP has no check digit. */
export type Kpp = string & { readonly __brand: 'Kpp' };

// 4-digit code of the tax office of registration, 2 reason characters (digits or capital Latin
// letters, FNS order ММВ-7-6/435@), 3-digit serial number.
const KPP = /^\d{4}[0-9A-Z]{2}\d{3}$/;

export function checkKpp(value: string): Result<Kpp> {
  if (!KPP.test(value)) {
    return fail(
      domainError(
        'TKS-KPP-FORMAT',
        `KPP "${value}" must be 4 digits, 2 digits or capital Latin letters, 3 digits`,
        { value },
      ),
    );
  }
  return ok(value as Kpp);
}

export function isValidKpp(value: string): value is Kpp {
  return KPP.test(value);
}

/** The tax office a KPP was issued by: its first four characters. */
export function kppTaxOfficeCode(kpp: Kpp): TaxOfficeCode {
  return kpp.slice(0, 4) as TaxOfficeCode;
}
