import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { GostEngine } from './gost-library';
import { createStreebogHash, nativeGostAvailable } from './gost-native';
import { GostParameterSet } from './gost-parameters';

/**
 * GOST R 34.10-2001 signatures with GOST R 34.11-94 digests: what CMS signatures of the tax service's
 * channel were until 2019, and what containers kept in archives still carry. They are verified, never
 * made: a signature with them is valid as an archive and not for a new filing (the verifier reports
 * `legacyAlgorithm`). 34.11-94 is used with the CryptoPro S-box parameters (RFC 4357 §11.2, the only
 * set CMS signatures use); 34.10-2001 is the 256-bit curve arithmetic of 34.10-2012 on the CryptoPro
 * parameter sets. Native through OpenSSL's GOST engine (md_gost94, gost2001) where it is loaded,
 * else the JavaScript library, which the tests compare against it.
 */
export const LEGACY_OID = {
  /** id-GostR3411-94 */
  gost94: '1.2.643.2.2.9',
  /** id-GostR3410-2001 (the key OID; OpenSSL's engine writes it as the SignerInfo's signature algorithm) */
  key2001: '1.2.643.2.2.19',
  /** id-GostR3411-94-with-GostR3410-2001 */
  signature2001: '1.2.643.2.2.3',
} as const;

export const GOST_94 = 'GOST R 34.11-94';
export const GOST_2001 = 'GOST R 34.10-2001';

export const LEGACY_ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  [LEGACY_OID.gost94]: GOST_94,
  [LEGACY_OID.key2001]: GOST_2001,
  [LEGACY_OID.signature2001]: GOST_2001,
};

/** Whether an algorithm OID is one of the legacy GOST algorithms above. */
export function isLegacyGostOid(oid: string): boolean {
  return Object.prototype.hasOwnProperty.call(LEGACY_ALGORITHM_NAMES, oid);
}

/** GOST R 34.11-94 (CryptoPro S-box) of `data`, 32 bytes as CMS carries it. */
export function gost94Digest(data: Uint8Array): ArrayBuffer {
  // OpenSSL's engine gives the empty message another value than the standard's test vector
  // (981e5f3c…cd656c0), which the JavaScript library gives: it alone hashes nothing.
  if (data.byteLength > 0 && nativeGostAvailable()) {
    const digest = createStreebogHash('md_gost94').update(data).digest();
    return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength);
  }
  return javascriptGost94(data);
}

/** The JavaScript library's 34.11-94 alone, the independent implementation. */
export function javascriptGost94(data: Uint8Array): ArrayBuffer {
  return GostEngine.getGostDigest({ name: 'GOST R 34.11', version: 1994, sBox: 'D-A' }).digest(copy(data));
}

const publicKeys = new Map<string, KeyObject>();

/**
 * Verifies a 34.10-2001 signature value (s || r, as CMS carries it) over `data` hashed with
 * 34.11-94. `spki` is the SubjectPublicKeyInfo DER, `publicKey` its 64-byte x || y (little-endian).
 */
export function verifyGost2001(
  spki: Uint8Array,
  publicKey: Uint8Array,
  parameterSet: GostParameterSet,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (publicKey.byteLength !== 64 || signature.byteLength !== 64) return false;
  if (nativeGostAvailable()) return verify('md_gost94', data, nativeKey(spki), signature);
  return javascriptVerifyGost2001(publicKey, parameterSet, data, signature);
}

export function javascriptVerifyGost2001(
  publicKey: Uint8Array,
  parameterSet: GostParameterSet,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (typeof parameterSet.curve !== 'string' || parameterSet.length !== 256) return false;
  const verifier = GostEngine.getGostSign({
    name: 'GOST R 34.10',
    version: 2001,
    mode: 'SIGN',
    length: 256,
    procreator: 'CP',
    namedCurve: parameterSet.curve,
    hash: { name: 'GOST R 34.11', version: 1994, sBox: 'D-A' },
  });
  return verifier.verify(copy(publicKey), copy(signature), copy(data));
}

/** OpenSSL 3 takes an engine's keys through PEM only (gost-native.ts). */
function nativeKey(spki: Uint8Array): KeyObject {
  const id = Buffer.from(spki).toString('base64');
  let key = publicKeys.get(id);
  if (!key) {
    const body = id.match(/.{1,64}/g)?.join('\n') ?? '';
    key = createPublicKey(`-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n`);
    if (publicKeys.size >= 1000) publicKeys.delete(publicKeys.keys().next().value as string);
    publicKeys.set(id, key);
  }
  return key;
}

function copy(data: Uint8Array): ArrayBuffer {
  return new Uint8Array(data).buffer;
}
