import { domainError } from './errors';
import { fail, ok, type Result } from './result';

/**
 * Code of a tax office (КодНО, СОНО): 4 digits, the first two the region. It addresses the
 * filing (`A` and `K` of `ИдФайл`, `Документ/@КодНО`) and prefixes every KPP.
 */
export type TaxOfficeCode = string & { readonly __brand: 'TaxOfficeCode' };

const TAX_OFFICE_CODE = /^\d{4}$/;

export function checkTaxOfficeCode(value: string): Result<TaxOfficeCode> {
  if (!TAX_OFFICE_CODE.test(value)) {
    return fail(
      domainError('TKS-TAX-OFFICE-CODE-FORMAT', `Tax office code "${value}" must be 4 digits`, { value }),
    );
  }
  return ok(value as TaxOfficeCode);
}

export function isValidTaxOfficeCode(value: string): value is TaxOfficeCode {
  return TAX_OFFICE_CODE.test(value);
}
