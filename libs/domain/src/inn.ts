import { weightedSum } from './digits';
import { domainError } from './errors';
import { fail, ok, type Result } from './result';

/** An INN whose length and check digits have been verified. */
export type Inn = string & { readonly __brand: 'Inn' };

/** 10 digits: a legal entity (ИННЮЛ); 12 digits: a person, including an entrepreneur (ИННФЛ). */
export type InnKind = 'legal-entity' | 'person';

// Check digit weights (FNS; see shared/domain/README.md "Identifiers and their check digits").
const LEGAL_ENTITY_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const PERSON_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const PERSON_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;

const checkDigit = (digits: string, weights: readonly number[]): number =>
  (weightedSum(digits, weights) % 11) % 10;

/** The kind an INN of this shape would be, without checking its check digits. */
export function innKind(value: string): InnKind | undefined {
  if (/^\d{10}$/.test(value)) return 'legal-entity';
  if (/^\d{12}$/.test(value)) return 'person';
  return undefined;
}

export function checkInn(value: string, expected?: InnKind): Result<Inn> {
  const kind = innKind(value);
  if (kind === undefined || (expected !== undefined && kind !== expected)) {
    const wanted =
      expected === 'legal-entity' ? '10 digits' : expected === 'person' ? '12 digits' : '10 or 12 digits';
    return fail(domainError('TKS-INN-FORMAT', `INN "${value}" must be ${wanted}`, { value }));
  }
  const valid =
    kind === 'legal-entity'
      ? checkDigit(value, LEGAL_ENTITY_WEIGHTS) === Number(value[9])
      : checkDigit(value, PERSON_WEIGHTS_11) === Number(value[10]) &&
        checkDigit(value, PERSON_WEIGHTS_12) === Number(value[11]);
  if (!valid) {
    return fail(domainError('TKS-INN-CHECK-DIGIT', `INN "${value}" has a wrong check digit`, { value }));
  }
  return ok(value as Inn);
}

export function isValidInn(value: string, expected?: InnKind): value is Inn {
  return checkInn(value, expected).ok;
}
