import type { GostCurve } from '@wavesenterprise/crypto-gost-js';

/**
 * GOST R 34.10-2012 / 34.11-2012 object identifiers (RFC 7836, RFC 9215; domain reference,
 * "Qualified certificates") and the curve of each parameter set qualified certificates use.
 */
export const GOST_OID = {
  key256: '1.2.643.7.1.1.1.1',
  key512: '1.2.643.7.1.1.1.2',
  signature256: '1.2.643.7.1.1.3.2',
  signature512: '1.2.643.7.1.1.3.3',
  streebog256: '1.2.643.7.1.1.2.2',
  streebog512: '1.2.643.7.1.1.2.3',
} as const;

export const STREEBOG_256 = 'GOST R 34.11-2012-256';
export const STREEBOG_512 = 'GOST R 34.11-2012-512';
export const GOST_SIGNATURE_256 = 'GOST R 34.10-2012-256';
export const GOST_SIGNATURE_512 = 'GOST R 34.10-2012-512';

/** Names this engine gives the GOST OIDs. OpenSSL's GOST engine writes the key OID as a SignerInfo's
 * signature algorithm, CryptoPro the signature OID: both name the same algorithm. */
export const GOST_ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  [GOST_OID.streebog256]: STREEBOG_256,
  [GOST_OID.streebog512]: STREEBOG_512,
  [GOST_OID.signature256]: GOST_SIGNATURE_256,
  [GOST_OID.signature512]: GOST_SIGNATURE_512,
  [GOST_OID.key256]: GOST_SIGNATURE_256,
  [GOST_OID.key512]: GOST_SIGNATURE_512,
};

/**
 * The two twisted Edwards curves of RFC 7836 (TC26 256 A and 512 C) in their Weierstrass form
 * (RFC 7836 appendix A.2), which the library does not name. The same values are in OpenSSL's GOST
 * engine; the OpenSSL vectors of the tests fail if one digit is wrong.
 */
const TC26_256_A: GostCurve = {
  p: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97',
  a: 'C2173F1513981673AF4892C23035A27CE25E2013BF95AA33B22C656F277E7335',
  b: '295F9BAE7428ED9CCC20E7C359A9D41A22FCCD9108E17BF7BA9337A6F8AE9513',
  q: '400000000000000000000000000000000FD8CDDFC87B6635C115AF556C360C67',
  x: '91E38443A5E82C0D880923425712B2BB658B9196932E02C78B2582FE742DAA28',
  y: '32879423AB1A0375895786C4BB46E9565FDE0B5344766740AF268ADB32322E5C',
};

const TC26_512_C: GostCurve = {
  p:
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7',
  a:
    'DC9203E514A721875485A529D2C722FB187BC8980EB866644DE41C68E1430645' +
    '46E861C0E2C9EDD92ADE71F46FCF50FF2AD97F951FDA9F2A2EB6546F39689BD3',
  b:
    'B4C4EE28CEBC6C2C8AC12952CF37F16AC7EFB6A9F69F4B57FFDA2E4F0DE5ADE0' +
    '38CBC2FFF719D2C18DE0284B8BFEF3B52B8CC7A5F5BF0A3C8D2319A5312557E1',
  q:
    '3FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
    'C98CDBA46506AB004C33A9FF5147502CC8EDA9E7A769A12694623CEF47F023ED',
  x:
    'E2E31EDFC23DE7BDEBE241CE593EF5DE2295B7A9CBAEF021D385F7074CEA043A' +
    'A27272A7AE602BF2A7B9033DB9ED3610C6FB85487EAE97AAC5BC7928C1950148',
  y:
    'F5CE40D95B5EB899ABBCCFF5911CB8577939804D6527378B8C108C3D2090FF9B' +
    'E18E2D33E3021ED2EF32D85822423B6304F726AA854BAE07D0396E9A9ADDC40F',
};

export interface GostParameterSet {
  readonly name: string;
  readonly length: 256 | 512;
  readonly curve: string | GostCurve;
}

/**
 * Parameter sets by OID. TC26 256 B–D are CryptoPro A–C under new names, XchA is CryptoPro A and
 * XchB CryptoPro C (RFC 4357 §11.4, RFC 7836 §5); the library's S-/X-/T- names follow it.
 */
export const GOST_PARAMETER_SETS: Readonly<Record<string, GostParameterSet>> = {
  '1.2.643.2.2.35.1': { name: 'CryptoPro A', length: 256, curve: 'S-256-A' },
  '1.2.643.2.2.35.2': { name: 'CryptoPro B', length: 256, curve: 'S-256-B' },
  '1.2.643.2.2.35.3': { name: 'CryptoPro C', length: 256, curve: 'S-256-C' },
  '1.2.643.2.2.36.0': { name: 'CryptoPro XchA', length: 256, curve: 'X-256-A' },
  '1.2.643.2.2.36.1': { name: 'CryptoPro XchB', length: 256, curve: 'X-256-B' },
  '1.2.643.7.1.2.1.1.1': { name: 'TC26 256 A', length: 256, curve: TC26_256_A },
  '1.2.643.7.1.2.1.1.2': { name: 'TC26 256 B', length: 256, curve: 'S-256-A' },
  '1.2.643.7.1.2.1.1.3': { name: 'TC26 256 C', length: 256, curve: 'S-256-B' },
  '1.2.643.7.1.2.1.1.4': { name: 'TC26 256 D', length: 256, curve: 'S-256-C' },
  '1.2.643.7.1.2.1.2.1': { name: 'TC26 512 A', length: 512, curve: 'T-512-A' },
  '1.2.643.7.1.2.1.2.2': { name: 'TC26 512 B', length: 512, curve: 'T-512-B' },
  '1.2.643.7.1.2.1.2.3': { name: 'TC26 512 C', length: 512, curve: TC26_512_C },
};
