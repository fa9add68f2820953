import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { GostEngine } from './gost-library';
import { CmsEngine } from './cms-engine';
import { GOST_ALGORITHM_NAMES, GOST_OID, STREEBOG_256, STREEBOG_512 } from './gost-parameters';
import { gostSign, gostSignAlgorithm, streebogDigest } from './gost-sign';
import type { GostOffload } from './gost-sign-pool';
import { gostParameterSet, gostPrivateKeyOf, nativeGostKeyOf } from './gost-software-key';
import { nativeGostAvailable, nativeGostSign, nativeGostVerify } from './gost-native';
import { GOST_94, gost94Digest, LEGACY_ALGORITHM_NAMES, LEGACY_OID, verifyGost2001 } from './gost-legacy';

/**
 * A PKI.js engine that also verifies GOST R 34.10-2012 (256 and 512) signatures with Streebog
 * digests, for every parameter set in gost-parameters.ts, and the legacy GOST R 34.10-2001 with
 * 34.11-94 of archived containers (gost-legacy.ts); everything else goes to WebCrypto. The
 * GOST arithmetic is @wavesenterprise/crypto-gost-js; this file only maps CMS structures onto it.
 *
 * It signs with GOST keys kept as files (gost-software-key.ts); a token with the TC26 mechanisms
 * would need a provider of its own. Where OpenSSL's GOST engine is loaded (gost-native.ts), it signs,
 * verifies and hashes natively, in a fraction of the time; given an offload (gost-sign-pool.ts),
 * what is still slow (digests of large documents; every signature without the engine) runs on
 * worker threads instead of the event loop.
 */
/** OIDs of the names this engine gives GOST algorithms, for PKI.js' getOIDByAlgorithm. */
const GOST_NAME_OIDS: Readonly<Record<string, string>> = {
  [STREEBOG_256]: GOST_OID.streebog256,
  [STREEBOG_512]: GOST_OID.streebog512,
  'GOST R 34.10-2012-256': GOST_OID.signature256,
  'GOST R 34.10-2012-512': GOST_OID.signature512,
};

/** Smaller digests (signed attributes, certificates) cost less than the hand-off to a thread. */
const OFFLOAD_DIGEST_BYTES = 16 * 1024;
/** Native Streebog runs over 100 MB/s: a digest is worth a thread from about a megabyte on. */
const OFFLOAD_NATIVE_DIGEST_BYTES = 1024 * 1024;

export function createGostEngine(offload?: GostOffload): CmsEngine {
  const engine = new pkijs.CryptoEngine({ name: 'gost+webcrypto', crypto: webcrypto });
  const baseGetAlgorithmByOID = engine.getAlgorithmByOID.bind(engine);
  const baseDigest = engine.digest.bind(engine);
  const baseVerify = engine.verifyWithPublicKey.bind(engine);

  // PKI.js declares getAlgorithmByOID with overloads on DOM types; the replacement has its shape.
  engine.getAlgorithmByOID = ((oid: string, safety?: boolean, target?: string) => {
    const name = GOST_ALGORITHM_NAMES[oid] ?? LEGACY_ALGORITHM_NAMES[oid];
    return name ? { name } : baseGetAlgorithmByOID(oid, safety, target);
  }) as typeof engine.getAlgorithmByOID;

  engine.digest = async (algorithm, data) => {
    const name = typeof algorithm === 'string' ? algorithm : algorithm.name;
    if (name === STREEBOG_256 || name === STREEBOG_512) {
      const bytes = toArrayBuffer(data);
      const length = name === STREEBOG_256 ? 256 : 512;
      const threshold = nativeGostAvailable() ? OFFLOAD_NATIVE_DIGEST_BYTES : OFFLOAD_DIGEST_BYTES;
      return offload && bytes.byteLength > threshold
        ? offload.digest(length, bytes)
        : streebogDigest(length, bytes);
    }
    if (name === GOST_94) return gost94Digest(toBytes(data));
    return baseDigest(algorithm, data);
  };

  // Signing with a GOST key: SignedData.sign asks for the OIDs, the parameters, then the signature.
  const baseGetOid = engine.getOIDByAlgorithm.bind(engine);
  engine.getOIDByAlgorithm = ((algorithm: { name: string }, safety?: boolean, target?: string) =>
    GOST_NAME_OIDS[algorithm.name] ??
    baseGetOid(algorithm, safety, target)) as typeof engine.getOIDByAlgorithm;

  const baseSignatureParameters = engine.getSignatureParameters.bind(engine);
  engine.getSignatureParameters = async (
    privateKey,
    hashAlgorithm,
  ): Promise<pkijs.CryptoEngineSignatureParams> => {
    const key = gostPrivateKeyOf(privateKey);
    if (!key) return baseSignatureParameters(privateKey, hashAlgorithm);
    const bits = key.parameterSet.length;
    return {
      signatureAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: bits === 256 ? GOST_OID.signature256 : GOST_OID.signature512,
      }),
      parameters: { algorithm: { name: `GOST R 34.10-2012-${bits}` }, usages: ['sign'] },
    };
  };

  const baseSign = engine.signWithPrivateKey.bind(engine);
  engine.signWithPrivateKey = async (data, privateKey, parameters) => {
    const key = gostPrivateKeyOf(privateKey);
    if (!key) return baseSign(data, privateKey, parameters);
    const native = nativeGostKeyOf(privateKey);
    if (native) return nativeGostSign(native, key.parameterSet.length, toBytes(data));
    return offload ? offload.sign(key, toArrayBuffer(data)) : gostSign(key, toArrayBuffer(data));
  };

  engine.verifyWithPublicKey = async (data, signature, publicKeyInfo, signatureAlgorithm, shaAlgorithm) => {
    const keyOid = publicKeyInfo.algorithm.algorithmId;
    if (keyOid === LEGACY_OID.key2001) return verifyLegacy(toBytes(data), signature, publicKeyInfo);
    if (keyOid !== GOST_OID.key256 && keyOid !== GOST_OID.key512) {
      return baseVerify(data, signature, publicKeyInfo, signatureAlgorithm, shaAlgorithm);
    }
    return verifyGost(toArrayBuffer(data), signature, publicKeyInfo);
  };
  return engine;
}

/**
 * RFC 4491 §2.2.2 / RFC 9215: the signature value is s || r and the public key an OCTET STRING of
 * x || y, both little-endian as CryptoPro writes them (the library's 'CP' byte order).
 */
function verifyGost(
  data: ArrayBuffer,
  signature: asn1js.BitString | asn1js.OctetString,
  publicKeyInfo: pkijs.PublicKeyInfo,
): boolean {
  const { parameterSet, publicKey, spki } = gostPublicKey(publicKeyInfo);
  const value = signature.valueBlock.valueHexView;
  const size = parameterSet.length / 4;
  if (publicKey.byteLength !== size || value.byteLength !== size) return false;
  const native = nativeGostVerify(spki, parameterSet.length, new Uint8Array(data), value);
  if (native !== undefined) return native;
  const verifier = GostEngine.getGostSign(gostSignAlgorithm(parameterSet));
  return verifier.verify(toArrayBuffer(publicKey), toArrayBuffer(value), data);
}

/** GOST R 34.10-2001 with 34.11-94 (gost-legacy.ts): verified for archives, never signed with. */
function verifyLegacy(
  data: Uint8Array,
  signature: asn1js.BitString | asn1js.OctetString,
  publicKeyInfo: pkijs.PublicKeyInfo,
): boolean {
  const { parameterSet, publicKey, spki } = gostPublicKey(publicKeyInfo);
  return verifyGost2001(spki, publicKey, parameterSet, data, signature.valueBlock.valueHexView);
}

/** The key's parameter set, its x || y (the OCTET STRING inside the key bits) and the whole SPKI. */
function gostPublicKey(publicKeyInfo: pkijs.PublicKeyInfo) {
  const keyBits = asn1js.fromBER(publicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
  if (keyBits.offset === -1 || !(keyBits.result instanceof asn1js.OctetString)) {
    throw new Error('GOST public key is not an OCTET STRING');
  }
  return {
    parameterSet: gostParameterSet(publicKeyInfo.algorithm),
    publicKey: keyBits.result.valueBlock.valueHexView,
    spki: new Uint8Array(publicKeyInfo.toSchema().toBER(false)),
  };
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('expected binary data');
}

function toArrayBuffer(data: unknown): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data.slice(0);
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  }
  throw new TypeError('expected binary data');
}
