import * as graphene from 'graphene-pk11';
import { describeTokenGostSupport, GOST_2012_MECHANISMS, tokenGostSupport } from './token-gost-mechanisms';

/** A slot whose module lists the given mechanism types, as C_GetMechanismList would. */
function slotWith(types: number[]): graphene.Slot {
  const list = { length: types.length, items: (i: number) => ({ type: types[i] }) };
  return { getMechanisms: () => list } as unknown as graphene.Slot;
}

describe('GOST mechanisms of a token', () => {
  it('reports none for a module like SoftHSM 2.6, and says keys there sign ECDSA or RSA only', () => {
    const support = tokenGostSupport(slotWith([0x1082, 0x1041, 0x0001]));
    expect(support).toMatchObject({ offered: [], signs256: false, signs512: false });
    expect(describeTokenGostSupport('tks', support)).toContain('offers no GOST R 34.10-2012 mechanism');
    expect(describeTokenGostSupport('tks', support)).toContain('CKM_GOSTR3410_WITH_GOSTR3411_12_256');
  });

  it('recognises the TC26 vendor mechanisms', () => {
    const support = tokenGostSupport(
      slotWith([
        GOST_2012_MECHANISMS.CKM_GOSTR3410,
        GOST_2012_MECHANISMS.CKM_GOSTR3410_WITH_GOSTR3411_12_256,
        GOST_2012_MECHANISMS.CKM_GOSTR3410_WITH_GOSTR3411_12_512,
      ]),
    );
    expect(support).toMatchObject({ signs256: true, signs512: true, missing: ['CKM_GOSTR3410_512'] });
  });
});
