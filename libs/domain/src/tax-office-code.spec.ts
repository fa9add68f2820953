import { checkTaxOfficeCode, isValidTaxOfficeCode } from './tax-office-code';

describe('tax office code', () => {
  it('accepts 4 digits', () => {
    expect(isValidTaxOfficeCode('7736')).toBe(true);
    expect(isValidTaxOfficeCode('0087')).toBe(true);
  });

  it.each(['773', '77360', '77A6', '', '７７３６'])('refuses "%s"', (value) => {
    expect(checkTaxOfficeCode(value)).toMatchObject({
      ok: false,
      error: { code: 'TKS-TAX-OFFICE-CODE-FORMAT' },
    });
  });
});
