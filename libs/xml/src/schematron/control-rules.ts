import { resolve } from 'node:path';
import type { Document } from 'libxmljs2';
import { loadXsdDocument } from '../xsd';
import { evaluateControlRules, type RuleContext } from './evaluate';
import { extractControlRules } from './extract';
import type { ControlRules, RuleFailure } from './rules';

/**
 * The control rules of a registered XSD, extracted once per schema file and kept (the XSD itself
 * is parsed once too, by the XSD validator's cache), and their verdict on a declaration.
 */
const cache = new Map<string, ControlRules>();

export function controlRulesOf(xsdPath: string): ControlRules {
  const key = resolve(xsdPath);
  const cached = cache.get(key);
  if (cached) return cached;
  const rules = extractControlRules(loadXsdDocument(key));
  cache.set(key, rules);
  return rules;
}

/** Forgets extracted rules, e.g. after the XSD files were replaced. */
export function clearControlRuleCache(): void {
  cache.clear();
}

/** A declaration that breaks rules: the first one's code and text, and every failure. */
export interface ControlRuleRefusal {
  readonly code: string;
  readonly message: string;
  readonly failures: readonly RuleFailure[];
}

export type ControlRuleVerdict = { ok: true } | { ok: false; error: ControlRuleRefusal };

/** Applies the XSD's embedded rules to a declaration already valid against that XSD. */
export function checkControlRules(
  document: Document,
  xsdPath: string,
  context: RuleContext = {},
): ControlRuleVerdict {
  const { failures } = evaluateControlRules(document, controlRulesOf(xsdPath), context);
  const [first] = failures;
  if (first === undefined) return { ok: true };
  return { ok: false, error: { code: first.code, message: first.message, failures } };
}
