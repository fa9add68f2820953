import { randomBytes } from 'node:crypto';
import { GostEngine } from './gost-library';
import { GostParameterSet } from './gost-parameters';
import { nativeStreebog } from './gost-native';

/**
 * The GOST R 34.10-2012 signing operation alone, with nothing but the library and the parameter
 * sets behind it, so that a worker thread (gost-sign-worker.ts) can load it cheaply.
 */
export interface GostPrivateKey {
  readonly parameterSet: GostParameterSet;
  /** Little-endian, as in the PKCS#8 OCTET STRING (RFC 9215 §4.3 / CryptoPro). */
  readonly secret: ArrayBuffer;
}

/**
 * Signs `data` (hashing it with Streebog of the key's length). The nonce k is drawn here with 64
 * bits more than q has, so that reducing it mod q leaves no usable bias (the library's own draw
 * has none to spare, which matters on the 254- and 510-bit subgroups of TC26 256 A and 512 C).
 */
export function gostSign(key: GostPrivateKey, data: ArrayBuffer): ArrayBuffer {
  const nonce = randomBytes(key.parameterSet.length / 8 + 8);
  const signer = GostEngine.getGostSign({
    ...gostSignAlgorithm(key.parameterSet),
    ukm: nonce.buffer.slice(nonce.byteOffset, nonce.byteOffset + nonce.byteLength),
  });
  return signer.sign(key.secret, data);
}

/** Streebog (GOST R 34.11-2012) of `data`, 256 or 512 bits: native where the engine is, else JavaScript. */
export function streebogDigest(length: 256 | 512, data: ArrayBuffer): ArrayBuffer {
  return nativeStreebog(length, new Uint8Array(data)) ?? javascriptStreebog(length, data);
}

/** The JavaScript library's Streebog alone: the independent implementation tests compare against. */
export function javascriptStreebog(length: 256 | 512, data: ArrayBuffer): ArrayBuffer {
  return GostEngine.getGostDigest({ name: 'GOST R 34.11', version: 2012, length }).digest(data);
}

export function gostSignAlgorithm(parameterSet: GostParameterSet) {
  return {
    name: 'GOST R 34.10',
    version: 2012,
    mode: 'SIGN',
    length: parameterSet.length,
    procreator: 'CP',
    ...(typeof parameterSet.curve === 'string'
      ? { namedCurve: parameterSet.curve }
      : { curve: parameterSet.curve }),
    hash: {
      name: 'GOST R 34.11',
      version: 2012,
      mode: 'HASH',
      length: parameterSet.length,
      procreator: 'CP',
    },
  } as const;
}
