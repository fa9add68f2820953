import { randomBytes } from 'node:crypto';
import { gostCipherLibrary, toArrayBuffer } from './gost-cipher-library';
import { curvePoints } from './gost-curve-points';
import { generateEphemeralKey, vko } from './gost-key-agreement';
import { GOST_PARAMETER_SETS } from './gost-parameters';

const hex = (value: string) => Uint8Array.from(Buffer.from(value.replace(/\s/g, ''), 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// R 50.1.113-2016 A.10 (VKO_GOSTR3410_2012_512, TC26 512 A), as the GOST engine's test_derive.c
// carries it; keys and UKM little-endian.
const A_PRIVATE = hex(
  'c990ecd972fce84ec4db022778f50fcac726f46708384b8d458304962d7147f8' +
    'c2db41cef22c90b102f2968404f9b9be6d47c79692d81826b32b8daca43cb667',
);
const A_PUBLIC = hex(
  'aab0eda4abff21208d18799fb9a8556654ba783070eba10cb9abb253ec56dcf5' +
    'd3ccba6192e464e6e5bcb6dea137792f2431f6c897eb1b3c0cc14327b1adc0a7' +
    '914613a3074e363aedb204d38d3563971bd8758e878c9db11403721b48002d38' +
    '461f92472d40ea92f9958c0ffa4c937564 01b97f89fdbe0b5e46e4a4631cdb5a',
);
const B_PRIVATE = hex(
  '48c859f7b6f11585887cc05ec6ef1390cfea739b1a18c0d4662293ef63b79e3b' +
    '8014070b44918590b4b996acfea4edfbbbcccc8c06edd8bf5bda92a51392d0db',
);
const B_PUBLIC = hex(
  '192fe183b9713a077253c72c8735de2ea42a3dbc66ea317838b65fa32523cd5e' +
    'fca974eda7c863f4954d1147f1f2b25c395fce1c129175e876d132e94ed5a651' +
    '04883b414c9b592ec4dc84826f07d0b6d9006dda176ce48c391e3f97d102e03b' +
    'b598bf132a228a45f7201aba08fc524a2d77e43a362ab022ad4028f75bde3b79',
);
const UKM = hex('1d80603c8544c727');
const KEK_512 =
  '79f002a96940ce7bde3259a52e015297adaad84597a0d205b50e3e1719f97bfa' +
  '7ee1d2661fa9979a5aa235b558a7e6d9f88f982dd63fc35a8ec0dd5e242d3bdf';
const TC26_512_A = GOST_PARAMETER_SETS['1.2.643.7.1.2.1.2.1'];

describe('VKO GOST R 34.10-2012 (R 50.1.113-2016)', () => {
  it('matches the 512-bit example A.10 from both sides', () => {
    expect(toHex(vko(TC26_512_A, A_PRIVATE, B_PUBLIC, UKM))).toBe(KEK_512);
    expect(toHex(vko(TC26_512_A, B_PRIVATE, A_PUBLIC, UKM))).toBe(KEK_512);
  });

  it.each(['1.2.643.2.2.35.1', '1.2.643.7.1.2.1.1.1', '1.2.643.7.1.2.1.2.3'])(
    'agrees on the same key from both sides with ephemeral keys of %s',
    (oid) => {
      const parameterSet = GOST_PARAMETER_SETS[oid];
      const a = generateEphemeralKey(parameterSet);
      const b = generateEphemeralKey(parameterSet);
      expect(a.privateKey.byteLength).toBe(parameterSet.length / 8);
      expect(a.publicKey.byteLength).toBe(parameterSet.length / 4);
      const ukm = hex('0102030405060708');
      expect(toHex(vko(parameterSet, a.privateKey, b.publicKey, ukm))).toBe(
        toHex(vko(parameterSet, b.privateKey, a.publicKey, ukm)),
      );
    },
  );
});

describe("VKO against the signature library's own arithmetic", () => {
  // The library computes VKO too (with the cofactor folded into the UKM): an independent
  // implementation of the same curves, so a wrong constant in gost-curve-points.ts shows here.
  const libraryVko = (
    parameterSet: (typeof GOST_PARAMETER_SETS)[string],
    privateKey: Uint8Array,
    peerPublicKey: Uint8Array,
    ukm: Uint8Array,
  ): string => {
    const cofactorUkm = ['TC26 256 A', 'TC26 512 C'].includes(parameterSet.name)
      ? littleEndianTimes4(ukm)
      : ukm;
    const agreement = gostCipherLibrary.getGostSign({
      name: 'GOST R 34.10',
      version: 2012,
      mode: 'DH',
      length: parameterSet.length,
      ...(typeof parameterSet.curve === 'string'
        ? { namedCurve: parameterSet.curve }
        : { curve: parameterSet.curve }),
      public: toArrayBuffer(peerPublicKey),
      ukm: toArrayBuffer(cofactorUkm),
      hash: { name: 'GOST R 34.11', version: 2012, length: parameterSet.length },
    });
    return toHex(new Uint8Array(agreement.deriveBits(toArrayBuffer(privateKey), parameterSet.length)));
  };

  it.each(Object.keys(GOST_PARAMETER_SETS))("gives the library's key on %s", (oid) => {
    const parameterSet = GOST_PARAMETER_SETS[oid];
    const a = generateEphemeralKey(parameterSet);
    const b = generateEphemeralKey(parameterSet);
    const ukm = randomBytes(8);
    expect(toHex(vko(parameterSet, a.privateKey, b.publicKey, ukm))).toBe(
      libraryVko(parameterSet, a.privateKey, b.publicKey, ukm),
    );
  });

  it.each(Object.keys(GOST_PARAMETER_SETS))('has a base point of order q on %s', (oid) => {
    const points = curvePoints(GOST_PARAMETER_SETS[oid]);
    // (q - 1) · G = -G exactly when q · G is the point at infinity (the library refuses q itself).
    expect(points.Point.BASE.multiplyUnsafe(points.order - 1n).equals(points.Point.BASE.negate())).toBe(true);
  });

  it('refuses a public key that is not on the curve', () => {
    const parameterSet = GOST_PARAMETER_SETS['1.2.643.7.1.2.1.1.1'];
    const a = generateEphemeralKey(parameterSet);
    const offCurve = Uint8Array.from(generateEphemeralKey(parameterSet).publicKey);
    offCurve[0] ^= 1;
    expect(() => vko(parameterSet, a.privateKey, offCurve, hex('0102030405060708'))).toThrow();
  });
});

function littleEndianTimes4(ukm: Uint8Array): Uint8Array {
  const out = new Uint8Array(ukm.byteLength + 1);
  let carry = 0;
  for (let i = 0; i < ukm.byteLength; i += 1) {
    const value = ukm[i] * 4 + carry;
    out[i] = value & 0xff;
    carry = value >>> 8;
  }
  out[ukm.byteLength] = carry;
  return out;
}
