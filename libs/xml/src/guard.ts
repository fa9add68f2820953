import { domainError, fail, ok, type DomainError, type ErrorCode, type Result } from '@tks/domain';
import { positionAt } from './position';

/**
 * What runs over a declaration's text before any XML parser sees it.
 *
 * - Refuses `<!DOCTYPE` and `<!ENTITY` anywhere (even inside comments, CDATA or values, so that no
 *   parser can be talked into reading them): DTDs carry external entities (XXE, file and network
 *   reads) and entity expansion bombs (billion laughs). FNS formats never use a DTD. Every other
 *   markup declaration (`<!ELEMENT`, `<!ATTLIST`, ...) is refused for the same reason.
 * - Bounds nesting depth and attributes per element, so that a recursive parser or a tree builder
 *   cannot be pushed into stack exhaustion or quadratic work.
 * - Catches the well-formedness faults the tolerant fast-xml-parser lets through and a stricter
 *   parser (libxml2, at the tax office) would refuse: more than one root, content outside the
 *   root, `<` inside an attribute value, references to undeclared entities, unterminated markup.
 *
 * One pass, linear time: every search starts where the previous one ended, and quoted attribute
 * values, comments, CDATA sections and processing instructions are skipped as units, so a `>`
 * inside them is never taken for the end of a tag.
 */
export interface GuardLimits {
  readonly maxDepth?: number;
  readonly maxAttributes?: number;
}

export interface GuardReport {
  readonly elements: number;
  readonly maxDepth: number;
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_ATTRIBUTES = 256;

const REFUSED_DECLARATION = /<!\s*(?:DOCTYPE|ENTITY)/i;
// XML 1.0 §4.1 and §4.6: without a DTD only the five predefined entities and character references exist.
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#([0-9]+)|#x([0-9A-Fa-f]+));/y;
const NOT_WHITESPACE = /[^ \t\r\n]/;

class Refusal {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
    readonly offset: number,
  ) {}
}

/** XML 1.0 §2.2 Char, for the code point of a character reference. */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/**
 * Finds the next occurrence of one character at or after a position, remembering the answer:
 * positions only move forward, so all the searches of one scan together read the text once.
 * (A plain `indexOf` per attribute value would read to the next occurrence however far it is,
 * which makes a document without any `&` quadratic.)
 */
class NextOccurrence {
  // Position of the next occurrence at or after the last `from` (text.length when none is left).
  // Callers only move forward, so the answer stays right until `from` passes it.
  private found = -1;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  at(from: number): number {
    if (from > this.found) {
      const index = this.text.indexOf(this.char, from);
      this.found = index === -1 ? this.text.length : index;
    }
    return this.found;
  }
}

function checkReference(text: string, amp: number, to: number): Refusal | undefined {
  REFERENCE.lastIndex = amp;
  const match = REFERENCE.exec(text);
  if (match === null || match.index + match[0].length > to) {
    const name = /^&[^\s&;<>"']{0,40};?/.exec(text.slice(amp, Math.min(to, amp + 42)))?.[0] ?? '&';
    return new Refusal(
      'TKS-XML-MALFORMED',
      `"${name}" is not a predefined entity or character reference`,
      amp,
    );
  }
  const decimal = match[1];
  const hexadecimal = match[2];
  if (decimal !== undefined || hexadecimal !== undefined) {
    const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hexadecimal ?? '', 16);
    if (!isXmlChar(codePoint)) {
      return new Refusal('TKS-XML-MALFORMED', `"${match[0]}" refers to a character XML does not allow`, amp);
    }
  }
  return undefined;
}

function scan(text: string, maxDepth: number, maxAttributes: number): GuardReport | Refusal {
  const declaration = REFUSED_DECLARATION.exec(text);
  if (declaration !== null) {
    return new Refusal(
      'TKS-XML-DOCTYPE',
      `"${declaration[0]}" is refused: documents may not carry a DTD or entity declarations`,
      declaration.index,
    );
  }
  const ampersands = new NextOccurrence(text, '&');
  const lessThans = new NextOccurrence(text, '<');
  // Every `&` in character data or an attribute value must start a valid reference.
  const checkReferences = (from: number, to: number): Refusal | undefined => {
    for (let amp = ampersands.at(from); amp < to; amp = ampersands.at(amp + 1)) {
      const refusal = checkReference(text, amp, to);
      if (refusal) return refusal;
    }
    return undefined;
  };

  let depth = 0;
  let deepest = 0;
  let elements = 0;
  let roots = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = lessThans.at(i);
    if (lt > i) {
      if (depth === 0) {
        const stray = text.slice(i, lt).search(NOT_WHITESPACE);
        if (stray !== -1) return new Refusal('TKS-XML-MALFORMED', 'Text outside the root element', i + stray);
      } else {
        const refusal = checkReferences(i, lt);
        if (refusal) return refusal;
      }
    }
    if (lt === n) break;

    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end === -1) return new Refusal('TKS-XML-MALFORMED', 'Unterminated comment', lt);
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      if (depth === 0) return new Refusal('TKS-XML-MALFORMED', 'CDATA section outside the root element', lt);
      const end = text.indexOf(']]>', lt + 9);
      if (end === -1) return new Refusal('TKS-XML-MALFORMED', 'Unterminated CDATA section', lt);
      i = end + 3;
    } else if (text.startsWith('<!', lt)) {
      return new Refusal('TKS-XML-DOCTYPE', 'Markup declarations are refused', lt);
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) return new Refusal('TKS-XML-MALFORMED', 'Unterminated processing instruction', lt);
      i = end + 2;
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt + 2);
      if (end === -1) return new Refusal('TKS-XML-MALFORMED', 'Unterminated end tag', lt);
      if (depth === 0) return new Refusal('TKS-XML-MALFORMED', 'End tag without a start tag', lt);
      depth--;
      i = end + 1;
    } else {
      let attributes = 0;
      let j = lt + 1;
      for (; j < n; j++) {
        const c = text[j];
        if (c === '>') break;
        if (c === '<') return new Refusal('TKS-XML-MALFORMED', '"<" inside a tag', j);
        if (c === '=') {
          if (++attributes > maxAttributes) {
            return new Refusal(
              'TKS-XML-TOO-MANY-ATTRIBUTES',
              `An element has more than ${maxAttributes} attributes`,
              lt,
            );
          }
        } else if (c === '"' || c === "'") {
          const close = text.indexOf(c, j + 1);
          if (close === -1) return new Refusal('TKS-XML-MALFORMED', 'Unterminated attribute value', j);
          // XML 1.0 §3.1 [10] AttValue: no '<' in an attribute value.
          const lessThan = lessThans.at(j + 1);
          if (lessThan < close)
            return new Refusal('TKS-XML-MALFORMED', '"<" inside an attribute value', lessThan);
          const refusal = checkReferences(j + 1, close);
          if (refusal) return refusal;
          j = close;
        }
      }
      if (j >= n) return new Refusal('TKS-XML-MALFORMED', 'Unterminated start tag', lt);
      elements++;
      if (depth === 0 && ++roots > 1)
        return new Refusal('TKS-XML-MALFORMED', 'More than one root element', lt);
      // An empty element `<x/>` is a level too, it just closes at once.
      const level = depth + 1;
      if (level > maxDepth) {
        return new Refusal('TKS-XML-TOO-DEEP', `Elements are nested deeper than ${maxDepth} levels`, lt);
      }
      deepest = Math.max(deepest, level);
      if (text[j - 1] !== '/') depth = level;
      i = j + 1;
    }
  }
  return { elements, maxDepth: deepest };
}

export function guardXml(text: string, limits: GuardLimits = {}): Result<GuardReport> {
  const result = scan(
    text,
    limits.maxDepth ?? DEFAULT_MAX_DEPTH,
    limits.maxAttributes ?? DEFAULT_MAX_ATTRIBUTES,
  );
  if (result instanceof Refusal) return fail(refusalError(text, result));
  return ok(result);
}

function refusalError(text: string, refusal: Refusal): DomainError {
  const { line, column } = positionAt(text, refusal.offset);
  return domainError(refusal.code, `${refusal.message} (line ${line}, column ${column})`, { line, column });
}
