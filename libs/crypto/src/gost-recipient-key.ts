import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { GostEnvelopeError } from './gost-envelope-error';
import { GOST_OID, GostParameterSet } from './gost-parameters';
import { gostParameterSet } from './gost-software-key';

/**
 * A GOST R 34.10-2012 public key as key agreement needs it: the parameter set, x || y little-endian
 * (RFC 9215 §4.3: an OCTET STRING inside the subjectPublicKey BIT STRING), and the algorithm
 * identifier, which an ephemeral key of the same parameters repeats.
 */
export interface GostPublicKey {
  readonly parameterSet: GostParameterSet;
  readonly publicKey: Uint8Array;
  readonly algorithm: pkijs.AlgorithmIdentifier;
}

export function gostPublicKeyOf(info: pkijs.PublicKeyInfo, what: string): GostPublicKey {
  const { algorithm } = info;
  if (algorithm.algorithmId !== GOST_OID.key256 && algorithm.algorithmId !== GOST_OID.key512) {
    throw new GostEnvelopeError(
      'UNSUPPORTED_RECIPIENT_KEY',
      `${what} is not a GOST R 34.10-2012 key: ${algorithm.algorithmId}`,
    );
  }
  let parameterSet: GostParameterSet;
  try {
    parameterSet = gostParameterSet(algorithm);
  } catch (error) {
    throw new GostEnvelopeError('UNSUPPORTED_RECIPIENT_KEY', `${what}: ${(error as Error).message}`);
  }
  const inner = asn1js.fromBER(info.subjectPublicKey.valueBlock.valueHexView);
  const publicKey =
    inner.result instanceof asn1js.OctetString ? inner.result.valueBlock.valueHexView : undefined;
  if (inner.offset === -1 || !publicKey || publicKey.byteLength !== parameterSet.length / 4) {
    throw new GostEnvelopeError('ENVELOPE_MALFORMED', `${what} is not an OCTET STRING of x || y`);
  }
  return { parameterSet, publicKey: Uint8Array.from(publicKey), algorithm };
}

export function gostPublicKeyInfo(
  algorithm: pkijs.AlgorithmIdentifier,
  publicKey: Uint8Array,
): pkijs.PublicKeyInfo {
  return new pkijs.PublicKeyInfo({
    algorithm,
    subjectPublicKey: new asn1js.BitString({
      valueHex: new asn1js.OctetString({ valueHex: publicKey }).toBER(false),
    }),
  });
}
