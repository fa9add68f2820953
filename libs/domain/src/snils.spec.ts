import { checkSnils, formatSnils, isValidSnils, snilsCheckNumber } from './snils';

describe('SNILS', () => {
  it('accepts a valid SNILS written with separators and as plain digits', () => {
    expect(isValidSnils('112-233-445 95')).toBe(true);
    expect(isValidSnils('112-233-445-95')).toBe(true);
    expect(checkSnils('11223344595')).toEqual({ ok: true, value: '11223344595' });
  });

  it('prints a SNILS in the usual form', () => {
    const snils = checkSnils('11223344595');
    expect(snils.ok && formatSnils(snils.value)).toBe('112-233-445 95');
  });

  it('refuses a SNILS whose check number is wrong', () => {
    expect(checkSnils('112-233-445 96')).toMatchObject({
      ok: false,
      error: { code: 'TKS-SNILS-CHECK-DIGIT' },
    });
  });

  it.each([
    ['001326679', 100, 0],
    ['001508816', 101, 0],
    ['006996683', 202, 0],
    ['017996174', 100, 0],
    ['999999999', 405, 1],
  ])('maps the weighted sum of %s (%i) to check number %i', (number, _sum, check) => {
    expect(snilsCheckNumber(number)).toBe(check);
    expect(isValidSnils(`${number}${String(check).padStart(2, '0')}`)).toBe(true);
  });

  it('does not check numbers up to 001-001-998, issued before the check number existed', () => {
    expect(isValidSnils('001-001-998 77')).toBe(true);
    expect(isValidSnils('001-001-999 77')).toBe(false);
  });

  it.each(['1122334459', '112233445955', '112 233 445 95', '112-233-44595', 'abc-def-ghi jk'])(
    'refuses "%s" of the wrong shape',
    (value) => {
      expect(checkSnils(value)).toMatchObject({ ok: false, error: { code: 'TKS-SNILS-FORMAT' } });
    },
  );
});
