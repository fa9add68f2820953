/**
 * The control rules FNS embeds in a declaration's XSD (`xs:appinfo/sch:pattern/sch:rule/
 * sch:assert` with `usch:error code="…"`), as the evaluator needs them: an absolute context path,
 * a plain XPath 1.0 test, the error code and the message with its `usch:value-of` parts.
 */
export type MessagePart = { readonly text: string } | { readonly select: string };

export interface ControlRule {
  /** `sch:pattern/@name`: what the rule checks, in the format's words. */
  readonly pattern: string;
  /** Absolute path of the elements the rule applies to, e.g. `/Файл/Документ/Подписант`. */
  readonly context: string;
  /** The test in XPath 1.0, relative to a context element. */
  readonly test: string;
  /** The FNS error code of `usch:error`, e.g. `0400300003`. */
  readonly code: string;
  readonly message: readonly MessagePart[];
  /** Needs the file name (`usch:getFileName()`), which only the intake knows. */
  readonly usesFileName: boolean;
  /** Line of the `sch:assert` in the XSD, to find the rule again. */
  readonly xsdLine: number;
}

export interface SkippedRule {
  readonly pattern: string;
  readonly context: string;
  readonly test: string;
  readonly code: string;
  readonly reason: string;
  readonly xsdLine: number;
}

export interface ControlRules {
  readonly rules: readonly ControlRule[];
  /** Rules that cannot be evaluated faithfully; they are never applied, so never refuse. */
  readonly skipped: readonly SkippedRule[];
}

/** A rule that failed on one element of a declaration. */
export interface RuleFailure {
  readonly code: string;
  /** The rule's own text with `usch:value-of` substituted, whitespace collapsed. */
  readonly message: string;
  /** Line of the element the rule failed on; null where libxml2 cannot count it. */
  readonly line: number | null;
  readonly pattern: string;
}
