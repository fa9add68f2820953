import { weightedSum } from './digits';
import { domainError } from './errors';
import { fail, ok, type Result } from './result';

/** A SNILS as 11 digits, without separators, whose check number has been verified. */
export type Snils = string & { readonly __brand: 'Snils' };

// Written either as 11 digits or as `XXX-XXX-XXX YY` (a space or a hyphen before the check number).
const PLAIN = /^\d{11}$/;
const FORMATTED = /^(\d{3})-(\d{3})-(\d{3})[ -](\d{2})$/;

// Pension Fund rule: the check number is verified only for numbers above 001-001-998;
// the lower ones were issued before the check number was introduced.
const FIRST_CHECKED_NUMBER = 1001998;

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, 1] as const;

/** The check number for the first 9 digits: Σ dᵢ·(10−i), below 100 as is, 100 and 101 give 00, above 101 mod 101 first. */
export function snilsCheckNumber(nineDigits: string): number {
  let sum = weightedSum(nineDigits, WEIGHTS);
  if (sum > 101) sum %= 101;
  return sum < 100 ? sum : 0;
}

function normalize(value: string): string | undefined {
  if (PLAIN.test(value)) return value;
  const m = FORMATTED.exec(value);
  return m === null ? undefined : `${m[1]}${m[2]}${m[3]}${m[4]}`;
}

export function checkSnils(value: string): Result<Snils> {
  const digits = normalize(value);
  if (digits === undefined) {
    return fail(
      domainError('TKS-SNILS-FORMAT', `SNILS "${value}" must be 11 digits or XXX-XXX-XXX YY`, { value }),
    );
  }
  const number = digits.slice(0, 9);
  if (Number(number) > FIRST_CHECKED_NUMBER && snilsCheckNumber(number) !== Number(digits.slice(9))) {
    return fail(domainError('TKS-SNILS-CHECK-DIGIT', `SNILS "${value}" has a wrong check number`, { value }));
  }
  return ok(digits as Snils);
}

export function isValidSnils(value: string): boolean {
  return checkSnils(value).ok;
}

/** `XXX-XXX-XXX YY`, the way SNILS is printed. */
export function formatSnils(snils: Snils): string {
  return `${snils.slice(0, 3)}-${snils.slice(3, 6)}-${snils.slice(6, 9)} ${snils.slice(9)}`;
}
