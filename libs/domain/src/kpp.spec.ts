import { checkKpp, isValidKpp, kppTaxOfficeCode } from './kpp';

describe('KPP', () => {
  it('accepts a KPP of digits and one with capital Latin reason letters', () => {
    expect(isValidKpp('773601001')).toBe(true);
    expect(isValidKpp('7736AB001')).toBe(true);
  });

  it('gives the tax office of registration', () => {
    const kpp = checkKpp('773601001');
    expect(kpp.ok && kppTaxOfficeCode(kpp.value)).toBe('7736');
  });

  it.each([
    ['77360100', 'too short'],
    ['7736010011', 'too long'],
    ['77A601001', 'a letter in the tax office code'],
    ['7736ab001', 'lowercase reason letters'],
    ['7736АБ001', 'Cyrillic reason letters'],
    ['773601A01', 'a letter in the serial number'],
  ])('refuses "%s" (%s)', (value) => {
    expect(checkKpp(value)).toMatchObject({ ok: false, error: { code: 'TKS-KPP-FORMAT' } });
  });
});
