import { randomBytes } from 'node:crypto';
import { gostCipherLibrary, LibraryKeyAgreementAlgorithm, toArrayBuffer } from './gost-cipher-library';
import { GostParameterSet } from './gost-parameters';

/**
 * VKO GOST R 34.10-2012 (R 50.1.113-2016 §4.3, RFC 7836 §4.3) and ephemeral keys, on
 * @wavesenterprise/crypto-gost-js. Keys are little-endian as RFC 9215 and the GOST engine write them:
 * private keys as the integer, public keys as x || y.
 */
function agreementAlgorithm(
  parameterSet: GostParameterSet,
  extra: Partial<LibraryKeyAgreementAlgorithm>,
): LibraryKeyAgreementAlgorithm {
  return {
    name: 'GOST R 34.10',
    version: 2012,
    mode: 'DH',
    length: parameterSet.length,
    ...(typeof parameterSet.curve === 'string'
      ? { namedCurve: parameterSet.curve }
      : { curve: parameterSet.curve }),
    ...extra,
  };
}

/**
 * VKO: K = H((m/q · UKM · x mod q) · Y), H Streebog of the key's length over the point's x || y
 * (little-endian): VKO_GOSTR3410_2012_256 for 256-bit keys, _512 for 512-bit keys. The cofactor m/q
 * is 4 on the two twisted Edwards curves of RFC 7836 and 1 elsewhere; the library multiplies by
 * UKM · x only, so the cofactor goes into the UKM here.
 */
export function vko(
  parameterSet: GostParameterSet,
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  ukm: Uint8Array,
): Uint8Array {
  const bits = parameterSet.length;
  if (peerPublicKey.byteLength !== bits / 4)
    throw new RangeError(`VKO: the public key must be ${bits / 4} bytes`);
  const agreement = gostCipherLibrary.getGostSign(
    agreementAlgorithm(parameterSet, {
      public: toArrayBuffer(peerPublicKey),
      ukm: toArrayBuffer(withCofactor(parameterSet, ukm)),
      hash: { name: 'GOST R 34.11', version: 2012, length: bits },
    }),
  );
  return new Uint8Array(agreement.deriveBits(toArrayBuffer(privateKey), bits));
}

/** RFC 7836 §A.2: TC26 256 A and 512 C have m = 4q. */
const COFACTOR_4 = new Set(['TC26 256 A', 'TC26 512 C']);

/** UKM · cofactor as a little-endian integer. */
function withCofactor(parameterSet: GostParameterSet, ukm: Uint8Array): Uint8Array {
  if (!COFACTOR_4.has(parameterSet.name)) return ukm;
  const out = new Uint8Array(ukm.byteLength + 1);
  let carry = 0;
  for (let i = 0; i < ukm.byteLength; i += 1) {
    const value = ukm[i] * 4 + carry;
    out[i] = value & 0xff;
    carry = value >>> 8;
  }
  out[ukm.byteLength] = carry;
  return out;
}

export interface GostKeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/**
 * An ephemeral key pair. The private key is drawn with node:crypto with 64 bits more than q has and
 * reduced mod q by the library (its key-mask operation, x · 1 mod q), so no value is favoured: the
 * library's own draw reduces exactly as many bits as q has, biased on TC26 256 A and 512 C (see
 * gost-software-key.ts).
 */
export function generateEphemeralKey(parameterSet: GostParameterSet): GostKeyPair {
  const size = parameterSet.length / 8;
  const one = new Uint8Array(size);
  one[0] = 1;
  const mask = gostCipherLibrary.getGostSign({ ...agreementAlgorithm(parameterSet, {}), mode: 'MASK' });
  for (;;) {
    const reduced = new Uint8Array(mask.wrapKey(toArrayBuffer(one), toArrayBuffer(randomBytes(size + 8))));
    const privateKey = new Uint8Array(size);
    privateKey.set(reduced.subarray(0, size));
    if (privateKey.every((byte) => byte === 0)) continue;
    const generator = gostCipherLibrary.getGostSign(
      agreementAlgorithm(parameterSet, { ukm: toArrayBuffer(privateKey) }),
    );
    return { privateKey, publicKey: new Uint8Array(generator.generateKey().publicKey) };
  }
}
