import { checkSubscriberIdentity } from './subscriber-identity';

const request = {
  registrationId: '6f1c1d8e-5e0c-4a58-9a53-7c1f2b7b1a11',
  name: 'test',
  taxOfficeCodes: [],
};

describe('checkSubscriberIdentity', () => {
  it('accepts a company with a valid 10-digit INN, KPP and OGRN', () => {
    expect(
      checkSubscriberIdentity({
        ...request,
        kind: 'company',
        inn: '7707083893',
        kpp: '773601001',
        ogrn: '1027700132195',
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a company INN with a wrong check digit', () => {
    expect(
      checkSubscriberIdentity({ ...request, kind: 'company', inn: '7707083894', kpp: '773601001' }),
    ).toMatchObject({
      ok: false,
      code: 'TKS-INN-CHECK-DIGIT',
    });
  });

  it('refuses a company without a KPP', () => {
    expect(checkSubscriberIdentity({ ...request, kind: 'company', inn: '7707083893' })).toMatchObject({
      code: 'TKS-KPP-FORMAT',
    });
  });

  it('refuses a person whose INN has 10 digits', () => {
    expect(checkSubscriberIdentity({ ...request, kind: 'person', inn: '7707083893' })).toMatchObject({
      code: 'TKS-INN-CHECK-DIGIT',
    });
  });

  it('refuses an OGRN with a wrong check digit', () => {
    expect(
      checkSubscriberIdentity({
        ...request,
        kind: 'company',
        inn: '7707083893',
        kpp: '773601001',
        ogrn: '1027700132196',
      }),
    ).toMatchObject({ code: 'TKS-OGRN-CHECK-DIGIT' });
  });
});
