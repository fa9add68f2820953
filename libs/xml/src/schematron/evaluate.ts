import type { Document, Element } from 'libxmljs2';
import type { ControlRule, ControlRules, RuleFailure } from './rules';
import { withFileName } from './translate';

export interface RuleContext {
  /** The name the declaration was filed under, without `.xml` (what `usch:getFileName()` gives). */
  readonly fileName?: string;
}

export interface RuleOutcome {
  readonly failures: readonly RuleFailure[];
  /** Rules not applied to this document (they need the file name and none was given). */
  readonly notApplied: number;
}

/**
 * An XPath value: libxmljs2 returns a boolean, number or string for an expression that is not a
 * node-set (its typings only know nodes), and null when libxml2 could not evaluate it.
 */
const xpathValue = (element: Element, xpath: string): unknown => element.get(xpath) as unknown;

// libxml2 keeps an element's line in 16 bits; a line past 65534 reads 65535 and is not reported.
const LINE_CAP = 65535;

function failure(rule: ControlRule, element: Element, fileName: string): RuleFailure {
  const message = rule.message
    .map((part) => {
      if ('text' in part) return part.text;
      const value = xpathValue(element, `string(${withFileName(part.select, fileName)})`);
      return typeof value === 'string' ? value : '';
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const line = element.line();
  return { code: rule.code, message, line: line > 0 && line < LINE_CAP ? line : null, pattern: rule.pattern };
}

/**
 * Applies the rules to a parsed declaration: every rule to every element at its context. A test
 * that does not evaluate to a boolean (libxml2 failed on it) does not refuse.
 */
export function evaluateControlRules(
  document: Document,
  rules: ControlRules,
  context: RuleContext = {},
): RuleOutcome {
  const fileName = context.fileName;
  const failures: RuleFailure[] = [];
  let notApplied = 0;
  const byContext = new Map<string, ControlRule[]>();
  for (const rule of rules.rules) {
    if (rule.usesFileName && fileName === undefined) {
      notApplied++;
      continue;
    }
    byContext.set(rule.context, [...(byContext.get(rule.context) ?? []), rule]);
  }
  for (const [path, applicable] of byContext) {
    for (const element of document.find(path) as Element[]) {
      for (const rule of applicable) {
        const held = xpathValue(element, `boolean(${withFileName(rule.test, fileName ?? '')})`);
        if (held === false) failures.push(failure(rule, element, fileName ?? ''));
      }
    }
  }
  // Document order, as a reader goes through the file; rules on one element in schema order.
  failures.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  return { failures, notApplied };
}
