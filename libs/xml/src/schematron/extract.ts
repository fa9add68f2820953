import { parseXml, type Document, type Element, type Text } from 'libxmljs2';
import type { ControlRule, ControlRules, MessagePart, SkippedRule } from './rules';
import { FILE_NAME_PLACEHOLDER, translateUsch, withFileName } from './translate';

/**
 * Reads the Schematron rules embedded in an FNS XSD. A rule's `context` is written relative to
 * the `xs:element` it is declared under (usually that element's own name, sometimes a parent's,
 * a path ending in it, or an absolute path from `Файл`), so the absolute context is found by
 * matching the context's steps against the chain of enclosing `xs:element` names. Everything the
 * evaluator could get wrong is skipped with a reason instead.
 */
const NS = {
  xs: 'http://www.w3.org/2001/XMLSchema',
  sch: 'http://purl.oclc.org/dsdl/schematron',
  usch: 'http://www.unisoftware.ru/schematron-extensions',
};
// A context step the resolver understands: a plain element name (FNS names hold dots and digits).
const PLAIN_STEP = /^[^\s/[\]()@*:|]+$/;

const attr = (element: Element, name: string): string => element.attr(name)?.value() ?? '';

/** The names of the `xs:element`s enclosing a node, outermost first; undefined under a named type. */
function elementChain(node: Element): string[] | undefined {
  const ancestors = node.find('ancestor::xs:element | ancestor::xs:complexType[@name]', NS) as Element[];
  if (ancestors.some((a) => a.name() === 'complexType')) return undefined;
  return ancestors.map((a) => attr(a, 'name'));
}

function resolveContext(context: string, chain: readonly string[]): string | undefined {
  const steps = context
    .trim()
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.trim());
  if (!steps.every((s) => PLAIN_STEP.test(s))) return undefined;
  const matchesAt = (end: number) =>
    end + 1 >= steps.length && steps.every((s, i) => chain[end + 1 - steps.length + i] === s);
  if (steps[0] === chain[0] && matchesAt(steps.length - 1)) return `/${steps.join('/')}`;
  for (let end = chain.length - 1; end >= 0; end--) {
    if (matchesAt(end)) return `/${chain.slice(0, end + 1).join('/')}`;
  }
  return undefined;
}

function messageOf(error: Element): MessagePart[] | string {
  const parts: MessagePart[] = [];
  for (const node of error.childNodes()) {
    if (node.type() === 'text') parts.push({ text: (node as Text).text() });
    else if (node.type() === 'element' && (node as Element).name() === 'value-of') {
      const select = translateUsch(attr(node as Element, 'select'));
      if (!select.ok) return select.reason;
      parts.push({ select: select.xpath });
    }
  }
  return parts;
}

// A test that libxml2 cannot compile (a typo, an XPath 2.0 function) yields null, not a boolean.
const probe = parseXml('<Файл/>');
const compiles = (xpath: string): boolean =>
  typeof ((probe.root() as Element).get(`boolean(${withFileName(xpath, 'probe')})`) as unknown) === 'boolean';

export function extractControlRules(xsd: Document): ControlRules {
  const rules: ControlRule[] = [];
  const skipped: SkippedRule[] = [];
  for (const rule of xsd.find('//sch:rule', NS) as Element[]) {
    const pattern = attr(rule.parent() as Element, 'name').trim();
    const written = attr(rule, 'context');
    const chain = elementChain(rule);
    const context = chain && resolveContext(written, chain);
    for (const assert of rule.find('sch:assert', NS) as Element[]) {
      const error = assert.get('usch:error', NS) as Element | null;
      const rawTest = attr(assert, 'test');
      const base = { pattern, test: rawTest.replace(/\s+/g, ' ').trim(), xsdLine: assert.line() };
      const code = error ? attr(error, 'code') : '';
      const skip = (reason: string) => skipped.push({ ...base, context: written, code, reason });
      if (!error || code === '') {
        skip('the assertion has no usch:error code');
        continue;
      }
      if (context === undefined) {
        skip(`context "${written}" cannot be placed under ${chain ? chain.join('/') : 'a named type'}`);
        continue;
      }
      const test = translateUsch(rawTest);
      if (!test.ok) {
        skip(test.reason);
        continue;
      }
      const message = messageOf(error);
      if (typeof message === 'string') {
        skip(`message: ${message}`);
        continue;
      }
      const selects = message.flatMap((p) => ('select' in p ? [p.select] : []));
      if (![test.xpath, ...selects].every(compiles)) {
        skip('the test or a message value is not valid XPath 1.0');
        continue;
      }
      const usesFileName = test.usesFileName || selects.some((s) => s.includes(FILE_NAME_PLACEHOLDER));
      rules.push({ ...base, context, test: test.xpath, code, message, usesFileName });
    }
  }
  return { rules, skipped };
}
