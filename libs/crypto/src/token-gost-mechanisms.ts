import * as graphene from 'graphene-pk11';

/**
 * The PKCS#11 mechanisms GOST R 34.10-2012 signing needs. PKCS#11 itself defines only CKM_GOSTR3410
 * (the raw signature over a given digest, also used for 256-bit 2012 keys); the Streebog-hashing and
 * 512-bit ones are the TC26 vendor extensions (CKM_VENDOR_DEFINED | 0x54321000 + n), which
 * Rutoken, JaCarta and CryptoPro's modules implement.
 */
export const GOST_2012_MECHANISMS = {
  CKM_GOSTR3410: 0x00001201,
  CKM_GOSTR3410_512: 0xd4321006,
  CKM_GOSTR3410_WITH_GOSTR3411_12_256: 0xd4321008,
  CKM_GOSTR3410_WITH_GOSTR3411_12_512: 0xd4321009,
} as const;
export type Gost2012Mechanism = keyof typeof GOST_2012_MECHANISMS;

export interface TokenGostSupport {
  /** GOST R 34.10-2012 mechanisms the module offers for the token's slot. */
  readonly offered: readonly Gost2012Mechanism[];
  readonly missing: readonly Gost2012Mechanism[];
  /** 256-bit keys can sign: the Streebog-hashing mechanism, or the raw one over a software digest. */
  readonly signs256: boolean;
  readonly signs512: boolean;
}

/** What the slot's module offers, read with C_GetMechanismList. */
export function tokenGostSupport(slot: graphene.Slot): TokenGostSupport {
  const types = new Set<number>();
  const mechanisms = slot.getMechanisms();
  for (let i = 0; i < mechanisms.length; i += 1) types.add(mechanisms.items(i).type);
  const names = Object.keys(GOST_2012_MECHANISMS) as Gost2012Mechanism[];
  const offered = names.filter((name) => types.has(GOST_2012_MECHANISMS[name]));
  const has = (name: Gost2012Mechanism) => offered.includes(name);
  return {
    offered,
    missing: names.filter((name) => !has(name)),
    signs256: has('CKM_GOSTR3410_WITH_GOSTR3411_12_256') || has('CKM_GOSTR3410'),
    signs512: has('CKM_GOSTR3410_WITH_GOSTR3411_12_512') || has('CKM_GOSTR3410_512'),
  };
}

/** The sentence start-up logs and docs use. */
export function describeTokenGostSupport(tokenLabel: string, support: TokenGostSupport): string {
  if (support.offered.length === 0) {
    return (
      `token "${tokenLabel}": its PKCS#11 module offers no GOST R 34.10-2012 mechanism ` +
      `(${support.missing.join(', ')}); keys on it sign ECDSA or RSA only, GOST keys must be key files`
    );
  }
  return `token "${tokenLabel}": GOST R 34.10-2012 mechanisms offered: ${support.offered.join(', ')}`;
}
