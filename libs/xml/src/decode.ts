import { domainError, fail, ok, type DomainError, type Result } from '@tks/domain';
import iconv from 'iconv-lite';

/**
 * Turns the bytes of a declaration into text. FNS formats prescribe windows-1251
 * (`<?xml version="1.0" encoding="windows-1251"?>`); UTF-8 is accepted too, since XML parsers
 * must support it and some software sends it. Anything else is refused, as is any disagreement
 * between the byte order mark, the declared encoding and the bytes themselves: guessing would
 * put wrong letters into names and sums.
 */
export type SupportedEncoding = 'windows-1251' | 'utf-8';

export interface DecodedDeclaration {
  /** The document as text, without a byte order mark. Its XML declaration is left as it was. */
  readonly text: string;
  readonly encoding: SupportedEncoding;
}

export interface DecodeOptions {
  /** Larger input is refused with TKS-TOO-LARGE before any decoding. */
  readonly maxBytes?: number;
}

/**
 * Project limit, not an FNS one (confirm against the operator's published limits): the largest
 * declarations (VAT with purchase and sales books) are split by FNS rules into files well below it.
 */
export const DEFAULT_MAX_DECLARATION_BYTES = 100 * 1024 * 1024;

// Names are compared case-insensitively (XML 1.0 §4.3.3); these are the only ones accepted.
// A Map, so that a declared encoding named like an Object member ("constructor") finds nothing.
const ENCODING_NAMES: ReadonlyMap<string, SupportedEncoding> = new Map([
  ['windows-1251', 'windows-1251'],
  ['cp1251', 'windows-1251'],
  ['utf-8', 'utf-8'],
]);

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
// XML 1.0 §2.8: '<?xml' S VersionInfo EncodingDecl? SDDecl? S? '?>', all in ASCII.
const XML_DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.\d+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>/;
// A declaration longer than this is not one an honest producer writes.
const MAX_DECLARATION_LENGTH = 256;
// The one byte windows-1251 leaves unassigned; iconv-lite would turn it into U+FFFD silently.
const UNASSIGNED_1251_BYTE = 0x98;

const encodingError = (message: string, detail?: Record<string, string | number>): DomainError =>
  domainError('TKS-ENCODING', message, detail);

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** The encoding named by the XML declaration, `null` without a declaration, or an error. */
function declaredEncoding(bytes: Uint8Array, start: number): Result<string | null> {
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + start,
    Math.min(bytes.length - start, MAX_DECLARATION_LENGTH),
  );
  const ascii = head.toString('latin1');
  if (!/^<\?xml\s/.test(ascii)) return ok(null);
  const match = XML_DECLARATION.exec(ascii);
  if (match === null) {
    return fail(domainError('TKS-XML-MALFORMED', 'The XML declaration is malformed', { line: 1, column: 1 }));
  }
  return ok(match[3] ?? null);
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offset of the first byte of the first ill-formed sequence (Unicode §3.9, table 3-7), for the
 * error message only: whether the input is UTF-8 is decided by TextDecoder.
 */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let trailing: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) trailing = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      trailing = 2;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      trailing = 3;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= trailing; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += trailing + 1;
  }
  return -1;
}

const hasNonAscii = (bytes: Uint8Array): boolean => bytes.some((b) => b >= 0x80);

/** What the first bytes of a document say about its encoding (BOM and XML declaration). */
export interface DetectedEncoding {
  readonly encoding: SupportedEncoding;
  /** The name as declared (`UTF-8` when there is no declaration). */
  readonly declared: string;
  readonly hasBom: boolean;
}

/**
 * Reads the encoding from the head of a document (its first 256 bytes suffice), refusing UTF-16/32,
 * encodings other than windows-1251 and UTF-8, and a BOM that contradicts the declaration. Used
 * by decodeDeclaration and by the streaming check of large documents.
 */
export function detectEncoding(bytes: Uint8Array): Result<DetectedEncoding> {
  if (
    startsWith(bytes, [0xfe, 0xff]) ||
    startsWith(bytes, [0xff, 0xfe]) ||
    bytes[0] === 0 ||
    bytes[1] === 0
  ) {
    return fail(encodingError('UTF-16 and UTF-32 documents are not accepted; use windows-1251 or UTF-8'));
  }
  const hasBom = startsWith(bytes, UTF8_BOM);
  const declared = declaredEncoding(bytes, hasBom ? UTF8_BOM.length : 0);
  if (!declared.ok) return declared;

  // XML 1.0 §4.3.3 and Appendix F: no declaration and no BOM means UTF-8.
  const name = declared.value ?? 'UTF-8';
  const encoding = ENCODING_NAMES.get(name.toLowerCase());
  if (encoding === undefined) {
    return fail(
      encodingError(`Encoding "${name}" is not accepted; use windows-1251 or UTF-8`, { declared: name }),
    );
  }
  if (hasBom && encoding !== 'utf-8') {
    return fail(
      encodingError(`The document starts with a UTF-8 byte order mark but declares "${name}"`, {
        declared: name,
      }),
    );
  }
  return ok({ encoding, declared: name, hasBom });
}

export function decodeDeclaration(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): Result<DecodedDeclaration> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DECLARATION_BYTES;
  if (bytes.length > maxBytes) {
    return fail(
      domainError('TKS-TOO-LARGE', `The document has ${bytes.length} bytes; the limit is ${maxBytes}`, {
        size: bytes.length,
        limit: maxBytes,
      }),
    );
  }
  const detected = detectEncoding(bytes);
  if (!detected.ok) return detected;
  const { encoding, declared: name } = detected.value;

  if (encoding === 'utf-8') {
    try {
      // The decoder drops a leading BOM (ignoreBOM defaults to false).
      return ok({ text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding });
    } catch {
      const offset = firstInvalidUtf8Offset(bytes);
      return fail(
        encodingError(
          `The document is not valid UTF-8: byte ${offset} (0x${hex(bytes[offset])}) is out of place`,
          {
            declared: name,
            offset,
          },
        ),
      );
    }
  }

  const unassigned = bytes.indexOf(UNASSIGNED_1251_BYTE);
  if (unassigned !== -1) {
    return fail(
      encodingError(`Byte ${unassigned} (0x98) is not a character in windows-1251`, {
        declared: name,
        offset: unassigned,
      }),
    );
  }
  // Cyrillic text in windows-1251 is almost never valid UTF-8 (a lowercase letter, 0xE0–0xFF, would
  // have to be followed by continuation bytes 0x80–0xBF), while UTF-8 text mislabelled windows-1251
  // always is: so valid UTF-8 with non-ASCII bytes means the label is wrong.
  if (hasNonAscii(bytes) && isUtf8(bytes)) {
    return fail(
      encodingError(`The document declares "${name}" but its bytes are UTF-8`, {
        declared: name,
        detected: 'UTF-8',
      }),
    );
  }
  return ok({
    text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'windows-1251'),
    encoding,
  });
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, '0').toUpperCase();
}
