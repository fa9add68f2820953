import { errorCodeEntry, isErrorCode, type DomainError } from '@tks/domain';
import type { ControlRuleRefusal, XsdFailure } from '@tks/xml';
import type { Finding, Refusal } from './finding';
import { SUBSCRIBER_MISMATCH } from './identity';

/** Codes of the gateway's own table (docs/errors.md, "API and pipeline") a check can refuse with. */
const GATEWAY_CODES: Record<string, { status: number; title: string }> = {
  [SUBSCRIBER_MISMATCH]: { status: 403, title: 'The declaration is not the subscriber’s' },
};

const RULE_TITLE = 'Declaration breaks a control rule of its format';

function entryOf(code: string): { status: number; title: string } {
  if (isErrorCode(code)) return errorCodeEntry(code);
  return GATEWAY_CODES[code] ?? { status: 422, title: 'Invalid declaration' };
}

/** A refusal by one finding (transport, name and identity, an unknown form). */
export function findingRefusal(finding: Pick<Finding, 'code' | 'message'>): Refusal {
  const entry = entryOf(finding.code);
  return { status: entry.status, code: finding.code, title: entry.title, detail: finding.message };
}

export const domainRefusal = (error: DomainError): Refusal => findingRefusal(error);

/** 0300300001 with the validator's line-numbered messages in `errors`. */
export function schemaRefusal(error: XsdFailure): Refusal {
  return {
    ...domainRefusal(error),
    errors: error.issues.map((i) => ({
      message: i.message,
      ...(i.line !== null ? { line: i.line } : {}),
      ...(i.column !== null ? { column: i.column } : {}),
    })),
  };
}

/**
 * A broken embedded control rule: the first rule's own code and text, and every failed rule in
 * `errors` (its code first, then its text) with the line of the element it failed on.
 */
export function ruleRefusal(error: ControlRuleRefusal): Refusal {
  return {
    status: 422,
    code: error.code,
    title: isErrorCode(error.code) ? errorCodeEntry(error.code).title : RULE_TITLE,
    detail: error.message,
    errors: error.failures.map((f) => ({
      message: `${f.code}: ${f.message}`,
      ...(f.line !== null ? { line: f.line } : {}),
    })),
  };
}
