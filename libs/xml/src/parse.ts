import { domainError, fail, ok, type ErrorDetail, type Result } from '@tks/domain';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DEFAULT_MAX_DEPTH, guardXml, type GuardLimits } from './guard';
import { positionAt } from './position';
import type { XmlElement } from './tree';

/**
 * Well-formedness check and element tree, with fast-xml-parser (pure JavaScript, no native code
 * on the intake path). The guard runs first, always: fast-xml-parser is tolerant of several
 * faults a conforming parser refuses, and the guard is what refuses DTDs and entity bombs.
 *
 * Parser settings, and why:
 * - `preserveOrder`: children keep document order and attributes come apart from children
 *   (under `:@`).
 * - `attributeNamePrefix: '@_'` (stripped again in our tree): unprefixed, fast-xml-parser refuses
 *   attribute names that are Object members (`constructor`, `__proto__`); prefixed, every name
 *   is representable. Element names that are Object members stay refused as malformed; FNS
 *   formats name their elements in Russian.
 * - `processEntities: false`, `htmlEntities: false`: the parser expands nothing and reads no
 *   DOCTYPE. The five predefined entities and character references are resolved here, after the
 *   guard has checked that nothing else is referenced.
 * - `parseTagValue`, `parseAttributeValue: false`, `trimValues: false`: values stay exactly as
 *   written; `НомКорр="007"` or a leading space is for the format rules to judge, not the parser.
 * - `cdataPropName`: CDATA is kept apart from text so that `&amp;` inside it stays literal.
 */
export type ParseLimits = GuardLimits;

// XML 1.0 §2.2 Char, as a negated class: what may never appear in a document, not even escaped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));/g;
const ATTRIBUTES = ':@';
const ATTRIBUTE_PREFIX = '@_';
const TEXT = '#text';
const CDATA = '#cdata';

const normalizeLineEnds = (s: string): string => s.replace(/\r\n?/g, '\n');

function resolveReferences(s: string): string {
  return s.replace(REFERENCE, (whole, name?: string, decimal?: string, hexadecimal?: string) => {
    if (name !== undefined) return PREDEFINED[name] ?? whole;
    return String.fromCodePoint(decimal !== undefined ? Number(decimal) : parseInt(hexadecimal ?? '', 16));
  });
}

// XML 1.0 §3.3.3: literal whitespace in an attribute value becomes a space; referenced characters do not.
const attributeValue = (raw: string): string =>
  resolveReferences(normalizeLineEnds(raw).replace(/[\t\n]/g, ' '));
const textValue = (raw: string): string => resolveReferences(normalizeLineEnds(raw));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

function elementName(node: Record<string, unknown>): string | undefined {
  return Object.keys(node).find((key) => key !== ATTRIBUTES && key !== TEXT && key !== CDATA);
}

function toElement(name: string, node: Record<string, unknown>): XmlElement {
  const attributes = new Map<string, string>();
  const rawAttributes = node[ATTRIBUTES];
  if (isRecord(rawAttributes)) {
    for (const [key, value] of Object.entries(rawAttributes)) {
      attributes.set(key.slice(ATTRIBUTE_PREFIX.length), attributeValue(String(value)));
    }
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of asArray(node[name])) {
    if (!isRecord(child)) continue;
    if (TEXT in child) {
      text += textValue(String(child[TEXT]));
    } else if (CDATA in child) {
      for (const part of asArray(child[CDATA])) {
        if (isRecord(part) && TEXT in part) text += normalizeLineEnds(String(part[TEXT]));
      }
    } else {
      const childName = elementName(child);
      if (childName !== undefined) children.push(toElement(childName, child));
    }
  }
  return { name, attributes, children, text };
}

function malformed(message: string, line?: number, column?: number): Result<never> {
  const where =
    line === undefined ? '' : column === undefined ? ` (line ${line})` : ` (line ${line}, column ${column})`;
  const detail: ErrorDetail | undefined =
    line === undefined ? undefined : column === undefined ? { line } : { line, column };
  return fail(domainError('TKS-XML-MALFORMED', `${message}${where}`, detail));
}

/** Parses a declaration's text into its root element. Never throws for bad input. */
export function parseXmlDocument(text: string, limits: ParseLimits = {}): Result<XmlElement> {
  const guarded = guardXml(text, limits);
  if (!guarded.ok) return guarded;

  const badChar = NOT_XML_CHAR.exec(text);
  if (badChar !== null) {
    const { line, column } = positionAt(text, badChar.index);
    const codePoint = (badChar[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return malformed(`Character U+${codePoint} is not allowed in XML`, line, column);
  }

  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    return malformed(valid.err.msg, valid.err.line, valid.err.col);
  }

  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    cdataPropName: CDATA,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: Math.max(limits.maxDepth ?? DEFAULT_MAX_DEPTH, 100),
  });
  let nodes: unknown;
  try {
    nodes = parser.parse(text);
  } catch (error: unknown) {
    return malformed(error instanceof Error ? error.message : 'The parser refused the document');
  }
  for (const node of asArray(nodes)) {
    if (!isRecord(node)) continue;
    const name = elementName(node);
    if (name !== undefined) return ok(toElement(name, node));
  }
  return malformed('The document has no root element');
}
