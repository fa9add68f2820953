import { KUZNYECHIK, MAGMA } from './gost-block-cipher';
import { kexp15, kimp15 } from './kexp15';

const hex = (value: string) => Uint8Array.from(Buffer.from(value.replace(/\s/g, ''), 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// The Magma KExp15 example as the GOST engine's test_keyexpimp.c carries it.
const KEY = hex('8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef');
const K_ENC = hex('202122232425262728292a2b2c2d2e2f38393a3b3c3d3e3f3031323334353637');
const K_MAC = hex('08090a0b0c0d0e0f0001020304050607101112131415161718191a1b1c1d1e1f');
const IV = hex('67bed654');
const EXPORTED = 'cfd5a12d5b81b6e1e99c916d07900c6a c12703fb3abded55567bf3742c899c75 5dafe7b42e3a8bd9'.replace(
  /\s/g,
  '',
);

describe('KExp15 / KImp15 (R 1323565.1.017-2018)', () => {
  it('exports the Magma example', () => {
    expect(toHex(kexp15(MAGMA, KEY, K_ENC, K_MAC, IV))).toBe(EXPORTED);
  });

  it('imports the Magma example', () => {
    expect(toHex(kimp15(MAGMA, hex(EXPORTED), K_ENC, K_MAC, IV) ?? new Uint8Array())).toBe(toHex(KEY));
  });

  it('round-trips with Kuznyechik (a 16-byte MAC)', () => {
    const iv = hex('0102030405060708');
    const exported = kexp15(KUZNYECHIK, KEY, K_ENC, K_MAC, iv);
    expect(exported.byteLength).toBe(48);
    expect(toHex(kimp15(KUZNYECHIK, exported, K_ENC, K_MAC, iv) ?? new Uint8Array())).toBe(toHex(KEY));
  });

  it('refuses an altered export or the wrong key', () => {
    const altered = hex(EXPORTED);
    altered[3] ^= 1;
    expect(kimp15(MAGMA, altered, K_ENC, K_MAC, IV)).toBeUndefined();
    expect(kimp15(MAGMA, hex(EXPORTED), K_MAC, K_ENC, IV)).toBeUndefined();
  });
});
