import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { GostEngine } from './gost-library';
import { CertificateInput, parseCertificate, pemBlocks } from './certificate';
import { CryptoError } from './errors';
import { GostParameterSet, GOST_OID, GOST_PARAMETER_SETS } from './gost-parameters';
import { GostPrivateKey, gostSign, gostSignAlgorithm } from './gost-sign';
import { SigningKey } from './signing-key';
import { nativeGostPrivateKey } from './gost-native';
import type { KeyObject } from 'node:crypto';

/**
 * GOST R 34.10-2012 private keys kept as files (PKCS#8, as the OpenSSL GOST engine writes them), the
 * way many subscribers hold them. The key bytes never leave this module: callers get an opaque
 * SigningKey whose secret the GOST engine looks up here.
 */
export type { GostPrivateKey } from './gost-sign';

const secrets = new WeakMap<object, GostPrivateKey>();
/** The same keys as OpenSSL's GOST engine holds them, where it is loaded (gost-native.ts). */
const nativeKeys = new WeakMap<object, KeyObject>();

export function gostPrivateKeyOf(key: unknown): GostPrivateKey | undefined {
  return typeof key === 'object' && key !== null ? secrets.get(key) : undefined;
}

export function nativeGostKeyOf(key: unknown): KeyObject | undefined {
  return typeof key === 'object' && key !== null ? nativeKeys.get(key) : undefined;
}

/** GostR3410-2012-PublicKeyParameters ::= SEQUENCE { publicKeyParamSet OID, digestParamSet OID OPTIONAL } */
export function gostParameterSet(algorithm: pkijs.AlgorithmIdentifier): GostParameterSet {
  const params: unknown = algorithm.algorithmParams;
  const first = params instanceof asn1js.Sequence ? params.valueBlock.value[0] : undefined;
  const oid = first instanceof asn1js.ObjectIdentifier ? first.getValue() : undefined;
  const parameterSet = oid === undefined ? undefined : GOST_PARAMETER_SETS[oid];
  if (!parameterSet) throw new Error(`unsupported GOST parameter set ${oid ?? '(none)'}`);
  const keyLength = algorithm.algorithmId === GOST_OID.key512 ? 512 : 256;
  if (parameterSet.length !== keyLength) {
    throw new Error(`parameter set ${parameterSet.name} does not fit a ${keyLength}-bit key`);
  }
  return parameterSet;
}

/**
 * Imports a GOST private key (PKCS#8 PEM or DER) for the certificate, refusing one that does not
 * belong to it: a test signature must verify with the certificate's public key.
 */
export function importGostPrivateKey(input: string | Uint8Array, certificate: CertificateInput): SigningKey {
  const der = typeof input === 'string' ? pemBlocks(input, 'PRIVATE KEY')[0] : input;
  let info: pkijs.PrivateKeyInfo;
  try {
    const asn1 = asn1js.fromBER(der ?? new Uint8Array());
    info = new pkijs.PrivateKeyInfo({ schema: asn1.result });
  } catch {
    throw new CryptoError('PRIVATE_KEY_MALFORMED', 'GOST private key is not PKCS#8');
  }
  const { algorithmId } = info.privateKeyAlgorithm;
  if (algorithmId !== GOST_OID.key256 && algorithmId !== GOST_OID.key512) {
    throw new CryptoError('UNSUPPORTED_KEY_ALGORITHM', `not a GOST R 34.10-2012 key: ${algorithmId}`);
  }
  const parameterSet = gostParameterSet(info.privateKeyAlgorithm);
  const key: GostPrivateKey = { parameterSet, secret: littleEndianSecret(info.privateKey, parameterSet) };

  const cert = parseCertificate(certificate);
  const probe = randomBytes(32);
  const probeData = probe.buffer.slice(probe.byteOffset, probe.byteOffset + probe.byteLength);
  const publicKey = asn1js.fromBER(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).result;
  const matches =
    publicKey instanceof asn1js.OctetString &&
    cert.subjectPublicKeyInfo.algorithm.algorithmId === algorithmId &&
    GostEngine.getGostSign(gostSignAlgorithm(parameterSet)).verify(
      publicKey.valueBlock.valueHexView.slice().buffer,
      gostSign(key, probeData),
      probeData,
    );
  if (!matches) {
    throw new CryptoError('KEY_CERTIFICATE_MISMATCH', 'GOST private key does not belong to the certificate');
  }
  const bits = parameterSet.length;
  const algorithm = { name: `GOST R 34.10-2012-${bits}`, hash: { name: `GOST R 34.11-2012-${bits}` } };
  const handle: SigningKey = Object.freeze({
    type: 'private' as const,
    extractable: false,
    usages: ['sign' as const],
    algorithm,
  });
  secrets.set(handle, key);
  const native = der ? nativeGostPrivateKey(der) : undefined;
  if (native) nativeKeys.set(handle, native);
  return handle;
}

/** OpenSSL writes the raw little-endian bytes; other tools nest an OCTET STRING or a big-endian INTEGER. */
function littleEndianSecret(privateKey: asn1js.OctetString, parameterSet: GostParameterSet): ArrayBuffer {
  const size = parameterSet.length / 8;
  const raw = privateKey.valueBlock.valueHexView;
  let bytes: Uint8Array = raw;
  if (raw.byteLength !== size) {
    const inner = asn1js.fromBER(raw).result;
    if (inner instanceof asn1js.OctetString) bytes = inner.valueBlock.valueHexView;
    else if (inner instanceof asn1js.Integer) {
      const bigEndian = inner.valueBlock.valueHexView;
      bytes = new Uint8Array(bigEndian.subarray(Math.max(0, bigEndian.byteLength - size))).reverse();
    }
  }
  if (bytes.byteLength !== size) {
    throw new CryptoError('PRIVATE_KEY_MALFORMED', `GOST private key is not ${size} bytes`);
  }
  return bytes.slice().buffer;
}
