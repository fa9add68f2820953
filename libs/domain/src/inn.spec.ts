import { checkInn, innKind, isValidInn } from './inn';

describe('INN', () => {
  it('accepts a valid 10-digit legal-entity INN (Sberbank)', () => {
    expect(isValidInn('7707083893')).toBe(true);
    expect(innKind('7707083893')).toBe('legal-entity');
  });

  it('accepts a valid 12-digit person INN', () => {
    expect(isValidInn('500100732259')).toBe(true);
    expect(innKind('500100732259')).toBe('person');
  });

  it('refuses a 10-digit INN whose check digit is wrong', () => {
    const result = checkInn('7707083894');
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'TKS-INN-CHECK-DIGIT' }) });
  });

  it('refuses a 12-digit INN whose 11th digit is wrong', () => {
    expect(checkInn('500100732269')).toMatchObject({ ok: false, error: { code: 'TKS-INN-CHECK-DIGIT' } });
  });

  it('refuses a 12-digit INN whose 12th digit is wrong', () => {
    expect(checkInn('500100732258')).toMatchObject({ ok: false, error: { code: 'TKS-INN-CHECK-DIGIT' } });
  });

  it.each(['770708389', '77070838931', '770708389X', ' 7707083893', '', '５００１００７３２２５９'])(
    'refuses "%s", which is not 10 or 12 ASCII digits',
    (value) => {
      expect(checkInn(value)).toMatchObject({ ok: false, error: { code: 'TKS-INN-FORMAT' } });
      expect(innKind(value)).toBeUndefined();
    },
  );

  it('refuses a valid INN of the other kind than expected', () => {
    expect(isValidInn('7707083893', 'legal-entity')).toBe(true);
    expect(checkInn('7707083893', 'person')).toMatchObject({ ok: false, error: { code: 'TKS-INN-FORMAT' } });
    expect(checkInn('500100732259', 'legal-entity')).toMatchObject({
      ok: false,
      error: { code: 'TKS-INN-FORMAT' },
    });
  });
});
