import {
  weierstrassN,
  type WeierstrassPoint,
  type WeierstrassPointCons,
} from '@noble/curves/abstract/weierstrass';
import type { GostCurve } from '@wavesenterprise/crypto-gost-js';
import { GostParameterSet } from './gost-parameters';

/**
 * Point arithmetic on the GOST R 34.10 curves with @noble/curves, for key agreement (VKO) and
 * ephemeral keys: about ten times faster than the signature library's own arithmetic, which made
 * a container's key transport the largest cost of sealing and opening one.
 *
 * The library names its curves; their values (RFC 4357 §11.4, RFC 7836 appendix A.1) are here so
 * both describe one curve per parameter set. The unit tests multiply each base point by its order.
 */
const NAMED_CURVES: Readonly<Record<string, GostCurve>> = {
  'S-256-A': {
    p: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97',
    a: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD94',
    b: 'A6',
    q: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893',
    x: '1',
    y: '8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14',
  },
  'S-256-B': {
    p: '8000000000000000000000000000000000000000000000000000000000000C99',
    a: '8000000000000000000000000000000000000000000000000000000000000C96',
    b: '3E1AF419A269A5F866A7D3C25C3DF80AE979259373FF2B182F49D4CE7E1BBC8B',
    q: '800000000000000000000000000000015F700CFFF1A624E5E497161BCC8A198F',
    x: '1',
    y: '3FA8124359F96680B83D1C3EB2C070E5C545C9858D03ECFB744BF8D717717EFC',
  },
  'S-256-C': {
    p: '9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D759B',
    a: '9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D7598',
    b: '805A',
    q: '9B9F605F5A858107AB1EC85E6B41C8AA582CA3511EDDFB74F02F3A6598980BB9',
    x: '0',
    y: '41ECE55743711A8C3CBF3783CD08C0EE4D4DC440D4641A8F366E550DFDB3BB67',
  },
  'T-512-A': {
    p:
      'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
      'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7',
    a:
      'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
      'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC4',
    b:
      'E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265' +
      'EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760',
    q:
      'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
      '27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275',
    x: '3',
    y:
      '7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921' +
      'DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4',
  },
  'T-512-B': {
    p:
      '8000000000000000000000000000000000000000000000000000000000000000' +
      '000000000000000000000000000000000000000000000000000000000000006F',
    a:
      '8000000000000000000000000000000000000000000000000000000000000000' +
      '000000000000000000000000000000000000000000000000000000000000006C',
    b:
      '687D1B459DC841457E3E06CF6F5E2517B97C7D614AF138BCBF85DC806C4B289F' +
      '3E965D2DB1416D217F8B276FAD1AB69C50F78BEE1FA3106EFB8CCBC7C5140116',
    q:
      '8000000000000000000000000000000000000000000000000000000000000001' +
      '49A1EC142565A545ACFDB77BD9D40CFA8B996712101BEA0EC6346C54374F25BD',
    x: '2',
    y:
      '1A8F7EDA389B094C2C071E3647A8940F3C123B697578C213BE6DD9E6C8EC7335' +
      'DCB228FD1EDF4A39152CBCAAF8C0398828041055F94CEEEC7E21340780FE41BD',
  },
};
const ALIASES: Readonly<Record<string, string>> = { 'X-256-A': 'S-256-A', 'X-256-B': 'S-256-C' };

/** RFC 7836 §A.2: TC26 256 A and 512 C have m = 4q. */
const COFACTOR_4 = new Set(['TC26 256 A', 'TC26 512 C']);

export interface GostCurvePoints {
  readonly Point: WeierstrassPointCons<bigint>;
  /** The subgroup order q. */
  readonly order: bigint;
  /** m/q. */
  readonly cofactor: bigint;
  /** Bytes of one coordinate (and of a private key). */
  readonly size: number;
}

const cache = new Map<string, GostCurvePoints>();

export function curvePoints(parameterSet: GostParameterSet): GostCurvePoints {
  const known = cache.get(parameterSet.name);
  if (known) return known;
  const curve =
    typeof parameterSet.curve === 'string'
      ? NAMED_CURVES[ALIASES[parameterSet.curve] ?? parameterSet.curve]
      : parameterSet.curve;
  if (!curve) throw new RangeError(`No curve for the parameter set ${parameterSet.name}`);
  const big = (hex: string) => BigInt(`0x${hex}`);
  const cofactor = COFACTOR_4.has(parameterSet.name) ? 4n : 1n;
  const Point = weierstrassN({
    p: big(curve.p),
    n: big(curve.q),
    h: cofactor,
    a: big(curve.a),
    b: big(curve.b),
    Gx: big(curve.x),
    Gy: big(curve.y),
  });
  const points = { Point, order: big(curve.q), cofactor, size: parameterSet.length / 8 };
  cache.set(parameterSet.name, points);
  return points;
}

/** A little-endian integer, as GOST keys and UKMs are written. */
export function littleEndianToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.byteLength - 1; i >= 0; i -= 1) value = (value << 8n) | BigInt(bytes[i]);
  return value;
}

export function bigIntToLittleEndian(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let rest = value;
  for (let i = 0; i < size; i += 1) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/**
 * Public keys met more than once (a tax office's or the operator's: every container sent to them
 * agrees a key with it), with multiplication tables precomputed on the second meeting, which makes
 * the sender's side of VKO about as fast as a multiple of the base point. Ephemeral keys are met
 * once and pass through; bounded, the oldest go first.
 */
const PEERS_KEPT = 256;
const peers = new Map<string, { point: WeierstrassPoint<bigint>; met: number }>();

export function peerPoint(points: GostCurvePoints, publicKey: Uint8Array): WeierstrassPoint<bigint> {
  const key = `${points.size}:${Buffer.from(publicKey).toString('base64')}`;
  const known = peers.get(key);
  if (known) {
    known.met += 1;
    if (known.met === 2) known.point.precompute(8, false);
    return known.point;
  }
  const point = pointFromPublicKey(points, publicKey);
  peers.set(key, { point, met: 1 });
  if (peers.size > PEERS_KEPT) peers.delete(peers.keys().next().value as string);
  return point;
}

/** A public key x || y (little-endian) as a point, refused unless it is on the curve. */
export function pointFromPublicKey(points: GostCurvePoints, publicKey: Uint8Array): WeierstrassPoint<bigint> {
  if (publicKey.byteLength !== points.size * 2) {
    throw new RangeError(`A public key of this parameter set is ${points.size * 2} bytes`);
  }
  const point = points.Point.fromAffine({
    x: littleEndianToBigInt(publicKey.subarray(0, points.size)),
    y: littleEndianToBigInt(publicKey.subarray(points.size)),
  });
  point.assertValidity();
  return point;
}

export function publicKeyOfPoint(points: GostCurvePoints, point: WeierstrassPoint<bigint>): Uint8Array {
  const out = new Uint8Array(points.size * 2);
  out.set(bigIntToLittleEndian(point.x, points.size), 0);
  out.set(bigIntToLittleEndian(point.y, points.size), points.size);
  return out;
}
