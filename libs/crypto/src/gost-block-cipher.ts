import { gostCipherLibrary, toArrayBuffer } from './gost-cipher-library';
import { omac } from './omac';

/**
 * The two block ciphers of GOST R 34.12-2015 (Kuznyechik, 128-bit block; Magma, 64-bit block) with
 * the modes of GOST R 34.13-2015 that key transport and content encryption need. The arithmetic is
 * @wavesenterprise/crypto-gost-js; this file only fixes the block size and the parameters.
 */
export interface GostBlockCipher {
  readonly name: 'kuznyechik' | 'magma';
  /** Block size n in bytes. */
  readonly blockSize: 16 | 8;
  /** GOST R 34.13-2015 §5.1 (ECB) over whole blocks: the keystream of CTR from counter blocks. */
  encryptBlocks(key: Uint8Array, blocks: Uint8Array): Uint8Array;
  /** GOST R 34.13-2015 §5.2 (CTR) with an IV of n/2 bytes, counter IV || 0…0. */
  ctr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** GOST R 34.13-2015 §5.6 (MAC, OMAC1) at its full length of one block (omac.ts). */
  omac(key: Uint8Array, data: Uint8Array): Uint8Array;
}

function blockCipher(name: GostBlockCipher['name'], bits: 128 | 64): GostBlockCipher {
  const base = { name: 'GOST R 34.12', version: 2015, length: bits } as const;
  const ecb = gostCipherLibrary.getGostCipher({ ...base, mode: 'ES', block: 'ECB' });
  const blockSize = bits === 128 ? 16 : 8;
  return {
    name,
    blockSize,
    encryptBlocks(key, blocks) {
      if (blocks.byteLength % blockSize !== 0) throw new RangeError(`${name}: not whole blocks`);
      return new Uint8Array(ecb.encrypt(toArrayBuffer(key), toArrayBuffer(blocks)));
    },
    ctr(key, iv, data) {
      if (iv.byteLength !== blockSize / 2)
        throw new RangeError(`${name} CTR: IV must be ${blockSize / 2} bytes`);
      const cipher = gostCipherLibrary.getGostCipher({
        ...base,
        mode: 'ES',
        block: 'CTR',
        iv: toArrayBuffer(iv),
      });
      return new Uint8Array(cipher.encrypt(toArrayBuffer(key), toArrayBuffer(data)));
    },
    omac(key, data) {
      const keyBuffer = toArrayBuffer(key);
      return omac((block) => new Uint8Array(ecb.encrypt(keyBuffer, toArrayBuffer(block))), blockSize, data);
    },
  };
}

export const KUZNYECHIK: GostBlockCipher = blockCipher('kuznyechik', 128);
export const MAGMA: GostBlockCipher = blockCipher('magma', 64);
