/**
 * The part of @wavesenterprise/crypto-gost-js (GostCrypto by R. Nickolaev, maintained by Waves
 * Enterprise) this library uses; the package ships no types.
 */
declare module '@wavesenterprise/crypto-gost-js' {
  /** Weierstrass curve y² = x³ + ax + b over F_p, base point (x, y) of order q; hex, big-endian. */
  export interface GostCurve {
    readonly p: string;
    readonly a: string;
    readonly b: string;
    readonly q: string;
    readonly x: string;
    readonly y: string;
  }

  export interface GostHashAlgorithm {
    readonly name: 'GOST R 34.11';
    /** 1994: GOST R 34.11-94, 256 bits, over GOST 28147-89 with the S-box named by sBox. */
    readonly version: 1994 | 2012;
    readonly mode?: 'HASH';
    readonly length?: 256 | 512;
    /** 34.11-94 only: 'D-A' is the CryptoPro parameter set (RFC 4357 §11.2). */
    readonly sBox?: string;
    /** 'CP': byte order as CryptoPro and RFC 4491/7091 write keys and signatures. */
    readonly procreator?: 'CP';
  }

  export interface GostSignAlgorithm {
    readonly name: 'GOST R 34.10';
    /** 2001: GOST R 34.10-2001, 256 bits, with a GOST R 34.11-94 hash. */
    readonly version: 2001 | 2012;
    readonly mode: 'SIGN';
    readonly length: 256 | 512;
    readonly procreator?: 'CP';
    /** The library's curve names (S-256-A … T-512-B) … */
    readonly namedCurve?: string;
    /** … or the curve itself. */
    readonly curve?: GostCurve;
    readonly hash: GostHashAlgorithm;
    /** For signing: the nonce k (reduced mod q); random when absent. */
    readonly ukm?: ArrayBuffer;
  }

  export interface GostSign {
    /** Hashes `data` and signs it with the little-endian private key; s || r as CMS carries it ('CP'). */
    sign(privateKey: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
    /** Hashes `data` with the algorithm's hash and checks the signature with the public key. */
    verify(publicKey: ArrayBuffer, signature: ArrayBuffer, data: ArrayBuffer): boolean;
  }

  export interface GostDigest {
    digest(data: ArrayBuffer): ArrayBuffer;
  }

  export const GostEngine: {
    getGostSign(algorithm: GostSignAlgorithm): GostSign;
    getGostDigest(algorithm: GostHashAlgorithm): GostDigest;
  };
}

/**
 * The package's unminified bundle: patches/ fixes a bug in it (its modular inverse calls an
 * undefined `subtract` for about one signature in 300), which a diff of the one-line minified
 * bundle could not carry in a readable patch. See gost-library.ts.
 */
declare module '@wavesenterprise/crypto-gost-js/dist/CryptoGost.js' {
  export * from '@wavesenterprise/crypto-gost-js';
}
