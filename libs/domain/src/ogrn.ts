import { domainError } from './errors';
import { fail, ok, type Result } from './result';

/** A main state registration number whose check digit has been verified. */
export type Ogrn = string & { readonly __brand: 'Ogrn' };

/** OGRN (13 digits) registers a legal entity; OGRNIP (15 digits) an individual entrepreneur. */
export type OgrnKind = 'ogrn' | 'ogrnip';

export function ogrnKind(value: string): OgrnKind | undefined {
  if (/^\d{13}$/.test(value)) return 'ogrn';
  if (/^\d{15}$/.test(value)) return 'ogrnip';
  return undefined;
}

export function checkOgrn(value: string, expected?: OgrnKind): Result<Ogrn> {
  const kind = ogrnKind(value);
  if (kind === undefined || (expected !== undefined && kind !== expected)) {
    const wanted =
      expected === 'ogrn' ? '13 digits' : expected === 'ogrnip' ? '15 digits' : '13 or 15 digits';
    return fail(domainError('TKS-OGRN-FORMAT', `OGRN "${value}" must be ${wanted}`, { value }));
  }
  // OGRN: (first 12 digits as a number mod 11) mod 10; OGRNIP: (first 14 mod 13) mod 10.
  // BigInt keeps this exact integer arithmetic. (A 14-digit prefix does still fit a double,
  // 2^53 ≈ 9.007·10^15, but then nothing here depends on that.)
  const body = BigInt(value.slice(0, -1));
  const modulus = kind === 'ogrn' ? 11n : 13n;
  const expectedDigit = (body % modulus) % 10n;
  if (expectedDigit !== BigInt(value.slice(-1))) {
    return fail(domainError('TKS-OGRN-CHECK-DIGIT', `OGRN "${value}" has a wrong check digit`, { value }));
  }
  return ok(value as Ogrn);
}

export function isValidOgrn(value: string, expected?: OgrnKind): value is Ogrn {
  return checkOgrn(value, expected).ok;
}
