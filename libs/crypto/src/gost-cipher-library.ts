import { GostEngine } from './gost-library';
import type { GostCurve } from '@wavesenterprise/crypto-gost-js';

/**
 * The part of @wavesenterprise/crypto-gost-js that encryption uses, typed here (the package ships no
 * types; crypto-gost-js.d.ts declares what signing uses). Every value crosses as an ArrayBuffer, the
 * library's own currency; byte order is the standards' (GOST R 34.12-2015 / 34.13-2015 examples), as
 * the unit tests of the callers check.
 */
interface LibraryCipherAlgorithm {
  readonly name: 'GOST R 34.12' | 'GOST 28147';
  readonly version: 2015 | 1989;
  /** Block length in bits: 128 Kuznyechik, 64 Magma and GOST 28147-89. */
  readonly length: 128 | 64;
  readonly mode: 'ES' | 'MAC' | 'KW';
  readonly block?: 'ECB' | 'CTR' | 'CFB';
  readonly iv?: ArrayBuffer;
  readonly macLength?: number;
  readonly keyMeshing?: 'CP';
  readonly keyWrapping?: 'CP';
  readonly sBox?: string;
  readonly ukm?: ArrayBuffer;
}

interface LibraryCipher {
  encrypt(key: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
  decrypt(key: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
  sign(key: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
  wrapKey(kek: ArrayBuffer, key: ArrayBuffer): ArrayBuffer;
  unwrapKey(kek: ArrayBuffer, wrapped: ArrayBuffer): ArrayBuffer;
}

interface LibraryHmac {
  sign(key: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
}

interface LibraryKeyAgreementAlgorithm {
  readonly name: 'GOST R 34.10';
  readonly version: 2012;
  /** DH: VKO key agreement and key generation; MASK: x · y mod q, the library's key masking. */
  readonly mode: 'DH' | 'MASK';
  readonly length: 256 | 512;
  readonly namedCurve?: string;
  readonly curve?: GostCurve;
  /** The peer's public key, x || y little-endian. */
  readonly public?: ArrayBuffer;
  /** The UKM, a little-endian integer; for key generation, the private key itself. */
  readonly ukm?: ArrayBuffer;
  readonly hash?: { readonly name: 'GOST R 34.11'; readonly version: 2012; readonly length: 256 | 512 };
}

interface LibraryKeyAgreement {
  deriveBits(privateKey: ArrayBuffer, bits: number): ArrayBuffer;
  generateKey(): { publicKey: ArrayBuffer };
  /** MASK mode: data · key mod q, little-endian. */
  wrapKey(key: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
}

interface LibraryEngine {
  getGostCipher(algorithm: LibraryCipherAlgorithm): LibraryCipher;
  getGostDigest(algorithm: { name: 'GOST R 34.11'; version: 2012; length: 256; mode: 'HMAC' }): LibraryHmac;
  getGostSign(algorithm: LibraryKeyAgreementAlgorithm): LibraryKeyAgreement;
}

export const gostCipherLibrary = GostEngine as unknown as LibraryEngine;
export type { LibraryCipherAlgorithm, LibraryKeyAgreementAlgorithm };

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
