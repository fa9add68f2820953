import { checkOgrn, isValidOgrn, ogrnKind } from './ogrn';

describe('OGRN and OGRNIP', () => {
  it('accepts a valid 13-digit OGRN', () => {
    expect(isValidOgrn('1027700132195')).toBe(true);
    expect(ogrnKind('1027700132195')).toBe('ogrn');
  });

  it('accepts a valid 15-digit OGRNIP', () => {
    expect(isValidOgrn('304500116000157')).toBe(true);
    expect(ogrnKind('304500116000157')).toBe('ogrnip');
  });

  it('writes a remainder of 10 as check digit 0', () => {
    // 102770013224 mod 11 = 10.
    expect(isValidOgrn('1027700132240')).toBe(true);
  });

  it('refuses an OGRN with a wrong check digit', () => {
    expect(checkOgrn('1027700132196')).toMatchObject({ ok: false, error: { code: 'TKS-OGRN-CHECK-DIGIT' } });
  });

  it('refuses an OGRNIP with a wrong check digit', () => {
    expect(checkOgrn('304500116000158')).toMatchObject({
      ok: false,
      error: { code: 'TKS-OGRN-CHECK-DIGIT' },
    });
  });

  it('computes the OGRNIP check digit mod 13, not mod 11', () => {
    // 30450011600019: (mod 13) mod 10 = 1, (mod 11) mod 10 = 0.
    expect(isValidOgrn('304500116000191')).toBe(true);
    expect(isValidOgrn('304500116000190')).toBe(false);
  });

  it.each(['102770013219', '10277001321950', '102770013219X', ''])(
    'refuses "%s" of the wrong shape',
    (value) => {
      expect(checkOgrn(value)).toMatchObject({ ok: false, error: { code: 'TKS-OGRN-FORMAT' } });
    },
  );

  it('refuses a valid number of the other kind than expected', () => {
    expect(checkOgrn('1027700132195', 'ogrnip')).toMatchObject({
      ok: false,
      error: { code: 'TKS-OGRN-FORMAT' },
    });
  });
});
