import { nativeStreebogName } from './gost-native';

/**
 * Digest algorithms the signer can be asked for: the WebCrypto names every engine understands, and
 * GOST R 34.11-2012 (Streebog), which only the GOST engine (gost-engine.ts) computes.
 */
export type HashAlgorithmName =
  'SHA-256' | 'SHA-384' | 'SHA-512' | 'GOST R 34.11-2012-256' | 'GOST R 34.11-2012-512';

interface HashAlgorithmInfo {
  readonly oid: string;
  /** Name for node:crypto createHash, where content is hashed as a stream; Streebog only with the GOST engine. */
  readonly nodeName?: string;
  readonly length: number;
}

const HASH_ALGORITHMS: Readonly<Record<HashAlgorithmName, HashAlgorithmInfo>> = {
  'SHA-256': { oid: '2.16.840.1.101.3.4.2.1', nodeName: 'sha256', length: 32 },
  'SHA-384': { oid: '2.16.840.1.101.3.4.2.2', nodeName: 'sha384', length: 48 },
  'SHA-512': { oid: '2.16.840.1.101.3.4.2.3', nodeName: 'sha512', length: 64 },
  'GOST R 34.11-2012-256': { oid: '1.2.643.7.1.1.2.2', length: 32 },
  'GOST R 34.11-2012-512': { oid: '1.2.643.7.1.1.2.3', length: 64 },
};

export function hashAlgorithmInfo(name: HashAlgorithmName): HashAlgorithmInfo {
  const info = HASH_ALGORITHMS[name];
  if (name === 'GOST R 34.11-2012-256' || name === 'GOST R 34.11-2012-512') {
    // Streebog streams through node:crypto where OpenSSL's GOST engine is loaded (gost-native.ts).
    return { ...info, nodeName: nativeStreebogName(name === 'GOST R 34.11-2012-256' ? 256 : 512) };
  }
  return info;
}

export function isHashAlgorithmName(value: string): value is HashAlgorithmName {
  return Object.prototype.hasOwnProperty.call(HASH_ALGORITHMS, value);
}
