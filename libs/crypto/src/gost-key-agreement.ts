import { randomBytes } from 'node:crypto';
import {
  bigIntToLittleEndian,
  curvePoints,
  littleEndianToBigInt,
  peerPoint,
  publicKeyOfPoint,
} from './gost-curve-points';
import { GostParameterSet } from './gost-parameters';
import { streebogDigest } from './gost-sign';

/**
 * VKO GOST R 34.10-2012 (R 50.1.113-2016 §4.3, RFC 7836 §4.3) and ephemeral keys. Keys are
 * little-endian as RFC 9215 and the GOST engine write them: private keys as the integer, public
 * keys as x || y.
 */

/**
 * VKO: K = H((m/q · UKM · x mod q) · Y), H Streebog of the key's length over the point's x || y
 * (little-endian): VKO_GOSTR3410_2012_256 for 256-bit keys, _512 for 512-bit keys.
 */
export function vko(
  parameterSet: GostParameterSet,
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  ukm: Uint8Array,
): Uint8Array {
  const points = curvePoints(parameterSet);
  const peer = peerPoint(points, peerPublicKey);
  const scalar =
    (points.cofactor * littleEndianToBigInt(ukm) * littleEndianToBigInt(privateKey)) % points.order;
  if (scalar === 0n) throw new RangeError('VKO: the private key or the UKM is zero');
  const shared = publicKeyOfPoint(points, peer.multiply(scalar));
  // A copy into a buffer of this module: the JavaScript Streebog's own result buffer, handed back to
  // its HMAC (KEG's KDF_TREE), is refused where modules run in separate realms (jest, GOST_NATIVE_ENGINE=off).
  return Uint8Array.from(new Uint8Array(streebogDigest(parameterSet.length, shared.buffer as ArrayBuffer)));
}

export interface GostKeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/**
 * An ephemeral key pair. The private key is drawn with 64 bits more than q has and reduced mod q,
 * so no value is favoured (q is well below 2^256 on TC26 256 A and 512 C).
 */
export function generateEphemeralKey(parameterSet: GostParameterSet): GostKeyPair {
  const points = curvePoints(parameterSet);
  for (;;) {
    const secret = littleEndianToBigInt(randomBytes(points.size + 8)) % points.order;
    if (secret === 0n) continue;
    return {
      privateKey: bigIntToLittleEndian(secret, points.size),
      publicKey: publicKeyOfPoint(points, points.Point.BASE.multiply(secret)),
    };
  }
}
