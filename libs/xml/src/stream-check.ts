import { domainError, fail, ok, type DomainError, type Result } from '@tks/domain';
import iconv from 'iconv-lite';
import { SaxPushParser } from 'libxmljs2';
import { TextDecoder } from 'node:util';
import { extractDeclarationHeader, type DeclarationHeader } from './declaration';
import { detectEncoding, type SupportedEncoding } from './decode';
import { DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_DEPTH, type GuardLimits } from './guard';
import type { XmlElement } from './tree';
import { withUtf8Declaration } from './xsd';

/**
 * The transport checks and the header of a declaration too large to hold in memory, in one pass
 * over its bytes with memory bounded by the chunk size: the same rules as decodeDeclaration,
 * guardXml and readDeclarationHeader, applied as the chunks go by.
 *
 * - Encoding: the head decides it (detectEncoding); UTF-8 is decoded by a fatal streaming
 *   TextDecoder, windows-1251 by iconv-lite, refusing the unassigned byte 0x98 and a body that
 *   is entirely valid UTF-8 with non-ASCII bytes (the label is wrong), as decodeDeclaration does.
 * - DTDs and entity declarations: every `<!` that does not open a comment or CDATA section is
 *   refused before the text reaches the parser.
 * - Well-formedness, nesting depth and attribute counts: libxml2's push parser (SAX), fed UTF-8
 *   text with the XML declaration rewritten to UTF-8 (its bundled copy knows no windows-1251).
 * - The header: only `Файл`, `Документ`, `СвНП`, `НПЮЛ`/`НПФЛ`/`НПФЛ3` and the name and INN
 *   elements are kept as a tree,
 *   then read by extractDeclarationHeader.
 */
export interface StreamedDeclaration {
  readonly header: DeclarationHeader;
  readonly encoding: SupportedEncoding;
  readonly bytes: number;
}

const HEAD_BYTES = 256;
// Long enough for "<![CDATA[": a `<!` closer than this to the end of the text seen so far is
// judged when the next chunk arrives.
const LOOKAHEAD = 9;
const MARKUP_DECLARATION = /<!(?!--|\[CDATA\[)/g;
const HEADER_ELEMENTS = new Set([
  'Файл',
  'Документ',
  'СвНП',
  'НПЮЛ',
  'НПФЛ',
  'ФИО',
  'НПФЛ3',
  'ФИОФЛ',
  'ИННФЛ',
]);
// The only header value written as element text (3-NDFL's `НПФЛ3/ИННФЛ`); an INN is 12
// characters, so a little more tells a malformed value apart without keeping an unbounded one.
const TEXT_ELEMENTS = new Set(['ИННФЛ']);
const MAX_KEPT_TEXT = 64;
const UNASSIGNED_1251_BYTE = 0x98;
const MAX_KEPT_CHILDREN = 8;

interface MutableElement {
  name: string;
  attributes: Map<string, string>;
  children: MutableElement[];
  text: string;
}

class StreamRefusal {
  constructor(readonly error: DomainError) {}
}

const refuse = (code: DomainError['code'], message: string, detail?: Record<string, number | string>) =>
  new StreamRefusal(domainError(code, message, detail));

/** Runs the checks over a stream of bytes; never throws for bad input, only for I/O failures. */
export async function checkDeclarationStream(
  source: AsyncIterable<Buffer | Uint8Array>,
  limits: GuardLimits = {},
): Promise<Result<StreamedDeclaration>> {
  const checker = new StreamChecker(limits);
  try {
    for await (const chunk of source) checker.push(Buffer.from(chunk));
    return ok(checker.end());
  } catch (thrown: unknown) {
    if (thrown instanceof StreamRefusal) return fail(thrown.error);
    throw thrown;
  }
}

/**
 * The header alone, from the start of a declaration already checked whole at intake (the gateway's
 * checkDeclarationStream and schema): reading stops once `СвНП` has closed, so the services after
 * the gateway read a few kilobytes of a declaration of any size. A document that ends before it is
 * read to its end as checkDeclarationStream does.
 */
export async function readDeclarationHeaderFromStream(
  source: AsyncIterable<Buffer | Uint8Array>,
  limits: GuardLimits = {},
): Promise<Result<DeclarationHeader>> {
  const checker = new StreamChecker(limits);
  try {
    for await (const chunk of source) {
      checker.push(Buffer.from(chunk));
      // Leaving the loop ends the source (a file or object stream is closed, not read on).
      if (checker.headerRead) return checker.header();
    }
    return ok(checker.end().header);
  } catch (thrown: unknown) {
    if (thrown instanceof StreamRefusal) return fail(thrown.error);
    throw thrown;
  }
}

class StreamChecker {
  /** Whether the header's last element (`СвНП`) has closed. */
  headerRead = false;
  private head: Buffer[] = [];
  private headLength = 0;
  private encoding: SupportedEncoding | undefined;
  private declared = '';
  private offset = 0;
  private utf8: TextDecoder | undefined;
  private cp1251 = iconv.getDecoder('windows-1251');
  /** Whether a windows-1251 document's bytes could still all be UTF-8 (then its label is wrong). */
  private maybeUtf8 = true;
  private utf8Probe = new TextDecoder('utf-8', { fatal: true });
  private nonAscii = false;
  private firstText = true;
  private carry = '';
  private lines = 1;
  // The native push() takes a second argument, "terminate", that the bundled typings leave out.
  private readonly parser = new SaxPushParser() as SaxPushParser & {
    push(source: string, terminate: boolean): boolean;
  };
  private parseError: string | undefined;
  private depth = 0;
  private limitError: StreamRefusal | undefined;
  private readonly stack: Array<MutableElement | undefined> = [];
  private root: MutableElement | undefined;
  private readonly maxDepth: number;
  private readonly maxAttributes: number;

  constructor(limits: GuardLimits) {
    this.maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxAttributes = limits.maxAttributes ?? DEFAULT_MAX_ATTRIBUTES;
    this.parser.on('startElementNS', (name: string, attributes: string[][]) =>
      this.onStart(name, attributes),
    );
    this.parser.on('endElementNS', () => {
      this.depth--;
      if (this.stack.pop()?.name === 'СвНП') this.headerRead = true;
    });
    this.parser.on('characters', (text: string) => this.onText(text));
    this.parser.on('error', (message: string) => {
      this.parseError ??= String(message).trim();
    });
  }

  push(chunk: Buffer): void {
    if (this.encoding === undefined) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength < HEAD_BYTES) return;
      this.start(Buffer.concat(this.head));
      return;
    }
    this.decode(chunk);
  }

  end(): StreamedDeclaration {
    if (this.encoding === undefined) this.start(Buffer.concat(this.head));
    let tail: string;
    if (this.encoding === 'utf-8') {
      try {
        tail = (this.utf8 as TextDecoder).decode();
      } catch {
        throw refuse('TKS-ENCODING', 'The document is not valid UTF-8: it ends inside a character', {
          offset: this.offset,
        });
      }
    } else {
      tail = this.cp1251.end() ?? '';
      if (this.nonAscii && this.maybeUtf8 && this.probeEnd()) {
        throw refuse('TKS-ENCODING', `The document declares "${this.declared}" but its bytes are UTF-8`, {
          declared: this.declared,
          detected: 'UTF-8',
        });
      }
    }
    this.feed(tail, true);
    if (this.root === undefined) throw refuse('TKS-XML-MALFORMED', 'The document has no root element');
    const header = extractDeclarationHeader(this.root as XmlElement);
    if (!header.ok) throw new StreamRefusal(header.error);
    return { header: header.value, encoding: this.encoding as SupportedEncoding, bytes: this.offset };
  }

  /** The header from what has been read so far (readDeclarationHeaderFromStream). */
  header(): Result<DeclarationHeader> {
    if (this.root === undefined)
      return fail(refuse('TKS-XML-MALFORMED', 'The document has no root element').error);
    return extractDeclarationHeader(this.root as XmlElement);
  }

  private start(head: Buffer): void {
    const detected = detectEncoding(head);
    if (!detected.ok) throw new StreamRefusal(detected.error);
    this.encoding = detected.value.encoding;
    this.declared = detected.value.declared;
    if (this.encoding === 'utf-8') this.utf8 = new TextDecoder('utf-8', { fatal: true });
    this.head = [];
    this.decode(head);
  }

  private decode(chunk: Buffer): void {
    let text: string;
    if (this.encoding === 'utf-8') {
      try {
        text = (this.utf8 as TextDecoder).decode(chunk, { stream: true });
      } catch {
        throw refuse('TKS-ENCODING', `The document is not valid UTF-8 in the bytes from ${this.offset}`, {
          declared: this.declared,
          offset: this.offset,
        });
      }
    } else {
      const unassigned = chunk.indexOf(UNASSIGNED_1251_BYTE);
      if (unassigned !== -1) {
        const offset = this.offset + unassigned;
        throw refuse('TKS-ENCODING', `Byte ${offset} (0x98) is not a character in windows-1251`, {
          declared: this.declared,
          offset,
        });
      }
      if (!this.nonAscii && chunk.some((b) => b >= 0x80)) this.nonAscii = true;
      if (this.maybeUtf8) {
        try {
          this.utf8Probe.decode(chunk, { stream: true });
        } catch {
          this.maybeUtf8 = false;
        }
      }
      text = this.cp1251.write(chunk);
    }
    this.offset += chunk.length;
    this.feed(text, false);
  }

  private probeEnd(): boolean {
    try {
      this.utf8Probe.decode();
      return true;
    } catch {
      return false;
    }
  }

  private feed(decoded: string, last: boolean): void {
    let text = decoded;
    if (this.firstText && text.length > 0) {
      text = withUtf8Declaration(text);
      this.firstText = false;
    }
    this.refuseDeclarations(text, last);
    this.parser.push(text, last);
    if (this.limitError) throw this.limitError;
    if (this.parseError !== undefined) {
      throw refuse(
        'TKS-XML-MALFORMED',
        `The document is not well-formed (near line ${this.lines}): ${this.parseError}`,
        {
          line: this.lines,
        },
      );
    }
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lines++;
  }

  private refuseDeclarations(text: string, last: boolean): void {
    const scanned = this.carry + text;
    MARKUP_DECLARATION.lastIndex = 0;
    for (let m = MARKUP_DECLARATION.exec(scanned); m !== null; m = MARKUP_DECLARATION.exec(scanned)) {
      if (!last && m.index + LOOKAHEAD > scanned.length) break;
      throw refuse(
        'TKS-XML-DOCTYPE',
        `"${scanned.slice(m.index, m.index + 12)}…" is refused: documents may not carry a DTD or entity declarations`,
        { line: this.lines },
      );
    }
    this.carry = scanned.slice(-2 * LOOKAHEAD);
  }

  private onText(text: string): void {
    const current = this.stack[this.stack.length - 1];
    if (current === undefined || !TEXT_ELEMENTS.has(current.name)) return;
    if (current.text.length < MAX_KEPT_TEXT) current.text = (current.text + text).slice(0, MAX_KEPT_TEXT);
  }

  private onStart(name: string, attributes: string[][]): void {
    this.depth++;
    if (this.limitError) return;
    if (this.depth > this.maxDepth) {
      this.limitError = refuse('TKS-XML-TOO-DEEP', `Elements are nested deeper than ${this.maxDepth} levels`);
    } else if (attributes.length > this.maxAttributes) {
      this.limitError = refuse(
        'TKS-XML-TOO-MANY-ATTRIBUTES',
        `An element has more than ${this.maxAttributes} attributes`,
      );
    }
    const parent = this.stack[this.stack.length - 1];
    // Repeated header elements are refused by the header rules; a few suffice to say so.
    const keep =
      this.depth === 1 ||
      (parent !== undefined && HEADER_ELEMENTS.has(name) && parent.children.length < MAX_KEPT_CHILDREN);
    if (!keep) {
      this.stack.push(undefined);
      return;
    }
    const element: MutableElement = {
      name,
      attributes: new Map(attributes.map((a) => [a[0] ?? '', a[3] ?? ''])),
      children: [],
      text: '',
    };
    if (parent) parent.children.push(element);
    else this.root ??= element;
    this.stack.push(element);
  }
}
