import { kdfTree256 } from './kdf-tree';

const hex = (value: string) => Uint8Array.from(Buffer.from(value.replace(/\s/g, ''), 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('KDF_TREE_GOSTR3411_2012_256 (R 50.1.113-2016 §4.5)', () => {
  // The example of R 50.1.113-2016 as the GOST engine's test_keyexpimp.c carries it: K = 00 … 1F,
  // label 26 BD B8 78, seed AF 21 43 41 45 65 63 78, L = 512, R = 1.
  it('matches the published example', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    const out = kdfTree256(key, hex('26bdb878'), hex('af21434145656378'), 64);
    expect(toHex(out)).toBe(
      '22b6837845c6bef65ea71672b2658310 86d3c76aebe6dae91cad51d83f79d16b'.replace(/\s/g, '') +
        '074c9330599d7f8d712fca54392f4ddd e93751206b3584c8f43f9e6dc51531f9'.replace(/\s/g, ''),
    );
  });

  it('refuses a length that is not whole 256-bit blocks', () => {
    expect(() => kdfTree256(new Uint8Array(32), new Uint8Array(1), new Uint8Array(8), 48)).toThrow(
      RangeError,
    );
  });
});
