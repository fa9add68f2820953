import { KUZNYECHIK, MAGMA } from './gost-block-cipher';

const hex = (value: string) => Uint8Array.from(Buffer.from(value.replace(/\s/g, ''), 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// GOST R 34.13-2015 appendix A (A.1 Kuznyechik, A.2 Magma), as the GOST engine's test_ciphers.c carries them;
// the MAC examples are in omac.spec.ts.
const K = hex('8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef');
const P = hex(
  '1122334455667700ffeeddccbbaa9988 00112233445566778899aabbcceeff0a' +
    '112233445566778899aabbcceeff0a00 2233445566778899aabbcceeff0a0011',
);
const Km = hex('ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
const Pm = hex('92def06b3c130a59db54c704f8189d204a98fb2e67a8024c8912409b17b57e41');

describe('GOST R 34.12-2015 block ciphers in the modes of GOST R 34.13-2015', () => {
  it('Kuznyechik ECB matches A.1.1', () => {
    expect(toHex(KUZNYECHIK.encryptBlocks(K, P))).toBe(
      '7f679d90bebc24305a468d42b9d4edcd' +
        'b429912c6e0032f9285452d76718d08b' +
        'f0ca33549d247ceef3f5a5313bd4b157' +
        'd0b09ccde830b9eb3a02c4c5aa8ada98',
    );
  });

  it('Kuznyechik CTR matches A.1.2', () => {
    expect(toHex(KUZNYECHIK.ctr(K, hex('1234567890abcef0'), P))).toBe(
      'f195d8bec10ed1dbd57b5fa240bda1b8' +
        '85eee733f6a13e5df33ce4b33c45dee4' +
        'a5eae88be6356ed3d5e877f13564a3a5' +
        'cb91fab1f20cbab6d1c6d15820bdba73',
    );
  });

  it('Magma CTR matches A.2.2', () => {
    expect(toHex(MAGMA.ctr(Km, hex('12345678'), Pm))).toBe(
      '4e98110c97b7b93c3e250d93d6e85d69136d868807b2dbef568eb680ab52a12d',
    );
  });

  it('refuses a CTR IV that is not half a block', () => {
    expect(() => KUZNYECHIK.ctr(K, hex('12345678'), P)).toThrow(RangeError);
  });
});
