import { webcrypto } from 'node:crypto';
import { Crypto as TokenCrypto, CryptoKey as TokenKey } from 'node-webcrypto-p11';
import * as pkijs from 'pkijs';
import { SerialQueue } from './serial-queue';

/**
 * A PKI.js engine that signs with keys on the token and does everything else in software.
 *
 * Only the private-key operation needs the token. Digests, and the public-key imports that verification
 * makes, would otherwise also go through the token's single session: node-webcrypto-p11 sends
 * subtle.digest to C_Digest and importKey creates session objects on the token. Token signs are
 * serialised on the session's queue; software work runs alongside.
 */
export class TokenCryptoEngine extends pkijs.CryptoEngine {
  constructor(
    private readonly token: TokenCrypto,
    private readonly queue: SerialQueue,
  ) {
    super({ name: 'pkcs11', crypto: webcrypto });
  }

  override sign(...args: Parameters<pkijs.CryptoEngine['sign']>): ReturnType<pkijs.CryptoEngine['sign']> {
    const [algorithm, key, data] = args;
    if (key instanceof TokenKey) {
      return this.queue.run(() => this.token.subtle.sign(algorithm, key, data));
    }
    return super.sign(...args);
  }
}
