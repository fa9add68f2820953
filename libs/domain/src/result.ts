import type { DomainError } from './errors';

/**
 * The outcome of checking untrusted input. Validators in the domain libraries return this
 * instead of throwing: bad input from a filer is an expected outcome, not an exception.
 */
export type Result<T, E = DomainError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
