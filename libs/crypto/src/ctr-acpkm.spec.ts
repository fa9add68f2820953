import { acpkmNextKey, ctrAcpkm, CtrAcpkmStream } from './ctr-acpkm';
import { KUZNYECHIK, MAGMA } from './gost-block-cipher';

const hex = (value: string) => Uint8Array.from(Buffer.from(value.replace(/\s/g, ''), 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// R 1323565.1.017-2018, the Kuznyechik CTR-ACPKM example (N = 256 bits), and GOST R 34.13-2015 A.1.2,
// as the GOST engine's test_ciphers.c carries them.
const K = hex('8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef');
const IV = hex('1234567890abcef0');
const P = hex(
  '1122334455667700ffeeddccbbaa9988 00112233445566778899aabbcceeff0a' +
    '112233445566778899aabbcceeff0a00 2233445566778899aabbcceeff0a0011' +
    '33445566778899aabbcceeff0a001122 445566778899aabbcceeff0a00112233' +
    '5566778899aabbcceeff0a0011223344',
);

describe('CTR-ACPKM (R 1323565.1.017-2018)', () => {
  it('matches the Kuznyechik example with a 256-bit section', () => {
    expect(toHex(ctrAcpkm(KUZNYECHIK, K, IV, P, 32))).toBe(
      'f195d8bec10ed1dbd57b5fa240bda1b8 85eee733f6a13e5df33ce4b33c45dee4'.replace(/\s/g, '') +
        '4bceeb8f646f4c55001706275e85e800 587c4df568d094393e4834afd0805046'.replace(/\s/g, '') +
        'cf30f57686aeece11cfc6c316b8a896e dffd07ec813636460c4f3b743423163e'.replace(/\s/g, '') +
        '6409a9c282fac8d469d221e7fbd6de5d',
    );
  });

  it('is plain CTR (GOST R 34.13-2015 A.1.2) within one section', () => {
    const data = P.subarray(0, 64);
    expect(toHex(ctrAcpkm(KUZNYECHIK, K, IV, data, 4096))).toBe(toHex(KUZNYECHIK.ctr(K, IV, data)));
  });

  it('decrypts what it encrypts, across sections and a partial last block', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
    const key = hex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
    for (const cipher of [KUZNYECHIK, MAGMA]) {
      const iv = new Uint8Array(cipher.blockSize / 2).fill(9);
      const encrypted = ctrAcpkm(cipher, key, iv, data, 64);
      expect(toHex(encrypted)).not.toBe(toHex(data));
      expect(toHex(ctrAcpkm(cipher, key, iv, encrypted, 64))).toBe(toHex(data));
    }
  });

  it('gives the same keystream whatever pieces the content comes in, across sections and slices', () => {
    // Pieces of one byte, odd sizes, a block, and more than a 64 KiB slice: each piece makes only
    // the keystream it needs, so slices start at different places than for the whole content.
    const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
    const key = hex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
    const iv = new Uint8Array(8).fill(5);
    const whole = toHex(ctrAcpkm(KUZNYECHIK, key, iv, data, 32 * 1024));
    const stream = new CtrAcpkmStream(KUZNYECHIK, key, iv, 32 * 1024);
    const sizes = [1, 1, 15, 16, 17, 1000, 70_000, 3, 40_000];
    const pieces: Uint8Array[] = [];
    for (let offset = 0, i = 0; offset < data.byteLength; i += 1) {
      const size = Math.min(sizes[i % sizes.length], data.byteLength - offset);
      pieces.push(stream.update(data.subarray(offset, offset + size)));
      offset += size;
    }
    stream.close();
    expect(toHex(Buffer.concat(pieces))).toBe(whole);
  });

  it('matches the Kuznyechik example fed a byte at a time', () => {
    const stream = new CtrAcpkmStream(KUZNYECHIK, K, IV, 32);
    const out = Buffer.concat(Array.from(P, (byte) => stream.update(Uint8Array.of(byte))));
    expect(toHex(out)).toBe(toHex(ctrAcpkm(KUZNYECHIK, K, IV, P, 32)));
  });

  it('changes the key by encrypting D = 80 … 9F', () => {
    const next = acpkmNextKey(KUZNYECHIK, K);
    expect(next.byteLength).toBe(32);
    expect(toHex(next)).toBe(
      toHex(
        KUZNYECHIK.encryptBlocks(
          K,
          Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i),
        ),
      ),
    );
  });

  it('refuses a section that is not whole blocks', () => {
    expect(() => ctrAcpkm(KUZNYECHIK, K, IV, P, 20)).toThrow(RangeError);
  });
});
