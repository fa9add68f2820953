import { concat } from './bytes';
import { gostCipherLibrary, toArrayBuffer } from './gost-cipher-library';

/**
 * KDF_TREE_GOSTR3411_2012_256, R 50.1.113-2016 §4.5 (RFC 7836 §4.5):
 * K(i) = HMAC_GOSTR3411_2012_256(K, [i]_R || label || 0x00 || seed || [L]_b), output K(1) || K(2) || …,
 * with L the output length in bits, written big-endian in as few bytes as it needs (as the GOST
 * engine writes it), and i in R bytes.
 */
export function kdfTree256(
  key: Uint8Array,
  label: Uint8Array,
  seed: Uint8Array,
  outputBytes: number,
  counterBytes = 1,
): Uint8Array {
  if (outputBytes <= 0 || outputBytes % 32 !== 0) throw new RangeError('KDF_TREE: whole 256-bit blocks only');
  const hmac = gostCipherLibrary.getGostDigest({
    name: 'GOST R 34.11',
    version: 2012,
    length: 256,
    mode: 'HMAC',
  });
  const length = minimalBigEndian(outputBytes * 8);
  const out = new Uint8Array(outputBytes);
  for (let i = 1; i <= outputBytes / 32; i += 1) {
    const counter = minimalBigEndian(i);
    if (counter.byteLength > counterBytes) throw new RangeError('KDF_TREE: counter overflows R bytes');
    const message = concat([
      new Uint8Array(counterBytes - counter.byteLength),
      counter,
      label,
      new Uint8Array(1),
      seed,
      length,
    ]);
    out.set(new Uint8Array(hmac.sign(toArrayBuffer(key), toArrayBuffer(message))), (i - 1) * 32);
  }
  return out;
}

function minimalBigEndian(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.from(bytes);
}
