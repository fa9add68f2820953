/** A place in a text, both 1-based; the column counts UTF-16 code units, as editors and parsers do. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** Converts an offset into line and column. Linear in the offset; used only to report an error. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}
