import { createHash, webcrypto } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import { Crypto as TokenCrypto, CryptoKey as TokenKey } from 'node-webcrypto-p11';
import * as pkijs from 'pkijs';
import { hashAlgorithmInfo, isHashAlgorithmName } from './hash-algorithm';
import { SerialQueue } from './serial-queue';

/**
 * A PKI.js engine that signs with keys on the token and does everything else in software.
 *
 * Only the private-key operation needs the token. Digests, and the public-key imports that verification
 * makes, would otherwise also go through the token's single session: node-webcrypto-p11 sends
 * subtle.digest to C_Digest and importKey creates session objects on the token. Token signs are
 * serialised on the session's queue; software work runs alongside.
 *
 * An ECDSA signature goes to C_Sign directly (CKM_ECDSA over a digest made here, in the token's
 * worker thread): node-webcrypto-p11 reads the token's whole mechanism list, its information for
 * each, and the key's attributes again on every signature, which cost more than the signature
 * itself (bench/signer-throughput.ts). Other keys, and keys that want a PIN for every use
 * (CKA_ALWAYS_AUTHENTICATE), keep its path.
 */
export class TokenCryptoEngine extends pkijs.CryptoEngine {
  private readonly directKeys = new WeakMap<TokenKey, graphene.PrivateKey | null>();

  constructor(
    private readonly token: TokenCrypto,
    private readonly queue: SerialQueue,
    private readonly session: graphene.Session,
  ) {
    super({ name: 'pkcs11', crypto: webcrypto });
  }

  override sign(...args: Parameters<pkijs.CryptoEngine['sign']>): ReturnType<pkijs.CryptoEngine['sign']> {
    const [algorithm, key, data] = args;
    if (!(key instanceof TokenKey)) return super.sign(...args);
    const digest = ecdsaDigestName(algorithm);
    const direct = digest === undefined ? null : this.directKey(key);
    if (digest === undefined || direct === null) {
      return this.queue.run(() => this.token.subtle.sign(algorithm, key, data));
    }
    const hashed = createHash(digest).update(toBytes(data)).digest();
    return this.queue.run(
      () =>
        new Promise<ArrayBuffer>((resolve, reject) => {
          this.session.createSign('ECDSA', direct).once(hashed, (error, signature) => {
            if (error) reject(error);
            else resolve(new Uint8Array(signature).buffer);
          });
        }),
    );
  }

  /** The token's key object, read once per key; null where the key must keep node-webcrypto-p11's path. */
  private directKey(key: TokenKey): graphene.PrivateKey | null {
    let object = this.directKeys.get(key);
    if (object === undefined) {
      const p11 = key.key;
      object =
        (key.algorithm as { name?: string }).name === 'ECDSA' &&
        p11 instanceof graphene.PrivateKey &&
        !p11.alwaysAuthenticate
          ? p11
          : null;
      this.directKeys.set(key, object);
    }
    return object;
  }
}

/** node:crypto's name of the SHA-2 digest an ECDSA signature is asked over; other digests keep the library's path. */
function ecdsaDigestName(algorithm: Parameters<pkijs.CryptoEngine['sign']>[0]): string | undefined {
  if (typeof algorithm === 'string' || algorithm.name.toUpperCase() !== 'ECDSA') return undefined;
  const hash = (algorithm as webcrypto.EcdsaParams).hash;
  const name = (typeof hash === 'string' ? hash : hash?.name)?.toUpperCase();
  return name?.startsWith('SHA-') && isHashAlgorithmName(name) ? hashAlgorithmInfo(name).nodeName : undefined;
}

function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}
