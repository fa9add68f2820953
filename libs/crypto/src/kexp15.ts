import { timingSafeEqual } from 'node:crypto';
import { concat } from './bytes';
import { GostBlockCipher } from './gost-block-cipher';

/**
 * KExp15 / KImp15, R 1323565.1.017-2018 §4.2: the key is exported as
 * CTR(K_enc, IV)(K || OMAC(K_mac, IV || K)) with an IV of half a block; import reverses it and checks
 * the MAC. As the GOST engine's gost_kexp15 / gost_kimp15 do it.
 */
export function kexp15(
  cipher: GostBlockCipher,
  key: Uint8Array,
  encryptionKey: Uint8Array,
  macKey: Uint8Array,
  iv: Uint8Array,
): Uint8Array {
  const mac = cipher.omac(macKey, concat([iv, key]));
  return cipher.ctr(encryptionKey, iv, concat([key, mac]));
}

/** The key, or undefined when the MAC does not match (wrong recipient key or altered data). */
export function kimp15(
  cipher: GostBlockCipher,
  exported: Uint8Array,
  encryptionKey: Uint8Array,
  macKey: Uint8Array,
  iv: Uint8Array,
): Uint8Array | undefined {
  if (exported.byteLength <= cipher.blockSize) return undefined;
  const plain = cipher.ctr(encryptionKey, iv, exported);
  const key = plain.subarray(0, plain.byteLength - cipher.blockSize);
  const mac = plain.subarray(plain.byteLength - cipher.blockSize);
  const expected = cipher.omac(macKey, concat([iv, key]));
  return timingSafeEqual(mac, expected) ? Uint8Array.from(key) : undefined;
}
