/**
 * One thing a check found in a declaration. The same shape answers `POST /checks`, `tks check
 * --json` and, reduced to its refusal, a filing: a code from docs/errors.md (or the rule's own
 * FNS code), its text, and where it comes from.
 */
export type FindingLevel = 'error' | 'warning';

/** The intake's steps, in the tax service's order. */
export type CheckStep = 'transport' | 'identity' | 'schema' | 'rule' | 'filing' | 'authority';

export interface Finding {
  readonly code: string;
  readonly message: string;
  /** An error refuses the declaration; a warning does not (e.g. a step that could not be applied). */
  readonly level: FindingLevel;
  readonly step: CheckStep;
  /** The XSD file the finding comes from (schema and rule steps). */
  readonly schema?: string;
  /** The control rule's `sch:pattern/@name` (rule step). */
  readonly rule?: string;
  readonly line?: number;
  readonly column?: number;
}

/** What a filing answers when it refuses: the problem's status, code, title, detail and errors. */
export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors?: Array<{ message: string; line?: number; column?: number }>;
}

/** A step that could not be applied is said, never silently passed. */
export const CHECK_SKIPPED = 'TKS-CHECK-SKIPPED';

export const skipped = (step: CheckStep, message: string): Finding => ({
  code: CHECK_SKIPPED,
  message,
  level: 'warning',
  step,
});
