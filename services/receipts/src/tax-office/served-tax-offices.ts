import { robotTaxOffice } from './robot-tax-offices';

/**
 * The tax office code reserved for tests: unless TAX_OFFICE_CODES says otherwise, the tax office
 * serves every code but this one, so a filing addressed to it is refused with 0100200001.
 */
export const RESERVED_TEST_TAX_OFFICE_CODE = '9999';

/**
 * Whether the tax office serves a code: the configured list, or every code but the reserved one.
 * The test tax offices (robot-tax-offices.ts) are served either way.
 */
export function servedTaxOffices(codes: readonly string[]): (code: string) => boolean {
  return codes.length > 0
    ? (code) => codes.includes(code) || robotTaxOffice(code) !== undefined
    : (code) => code !== RESERVED_TEST_TAX_OFFICE_CODE;
}
