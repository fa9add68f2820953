import { webcrypto } from 'node:crypto';

/**
 * A private key as the engines see it: Node's WebCrypto key for software keys, node-webcrypto-p11's
 * key object (a handle, the key itself stays on the token) for token keys. Both have this shape.
 */
export type SigningKey = webcrypto.CryptoKey;

/** The hash a key is bound to at import, which RSA keys carry and ECDSA keys do not. */
export function keyBoundHash(key: SigningKey): string | undefined {
  const algorithm: unknown = key.algorithm;
  if (typeof algorithm === 'object' && algorithm !== null && 'hash' in algorithm) {
    const hash: unknown = algorithm.hash;
    if (typeof hash === 'string') return hash;
    if (typeof hash === 'object' && hash !== null && 'name' in hash && typeof hash.name === 'string') {
      return hash.name;
    }
  }
  return undefined;
}
