/**
 * Translation of the `usch:` extension functions that FNS schemas use inside Schematron tests
 * into plain XPath 1.0, which libxml2 evaluates. The functions found across the shipped schemas
 * are `usch:iif(condition, then, else)` and `usch:getFileName()`; any other `usch:` call makes
 * the expression untranslatable, and its rule is skipped rather than guessed at.
 */

/** Stands for `usch:getFileName()` until the file name is known (it differs per declaration). */
export const FILE_NAME_PLACEHOLDER = '\u0000FILE_NAME\u0000';

export type Translation = { ok: true; xpath: string; usesFileName: boolean } | { ok: false; reason: string };

const IIF = /usch:iif\s*\(/;
const GET_FILE_NAME = /usch:getFileName\(\s*\)/g;
const ANY_USCH_CALL = /usch:([A-Za-z-]+)\s*\(/;

/** The index just after the parenthesis that closes the one opened before `start`. */
function closingParen(text: string, start: number): { args: string[]; end: number } | undefined {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let from = start;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(from, i));
      from = i + 1;
    } else if (c === ')') {
      args.push(text.slice(from, i));
      return { args, end: i + 1 };
    }
  }
  return undefined;
}

// XPath 1.0 has no conditional expression; for boolean branches (all that the FNS rules use
// iif for) "if c then a else b" is "(c and a) or (not(c) and b)".
function expandIif(text: string): string | undefined {
  let out = '';
  let rest = text;
  for (let found = IIF.exec(rest); found !== null; found = IIF.exec(rest)) {
    const at = found.index;
    const call = closingParen(rest, at + found[0].length);
    if (call === undefined || call.args.length !== 3) return undefined;
    const expanded = call.args.map(expandIif);
    if (expanded.some((arg) => arg === undefined)) return undefined;
    const [condition, then, otherwise] = expanded as [string, string, string];
    out += `${rest.slice(0, at)}((${condition}) and (${then}) or not(${condition}) and (${otherwise}))`;
    rest = rest.slice(call.end);
  }
  return out + rest;
}

/** Translates one Schematron expression (a test or a value-of select). */
export function translateUsch(expression: string): Translation {
  const usesFileName = expression.includes('usch:getFileName');
  const expanded = expandIif(expression.replace(GET_FILE_NAME, FILE_NAME_PLACEHOLDER));
  if (expanded === undefined) return { ok: false, reason: 'usch:iif does not have three arguments' };
  const unknown = ANY_USCH_CALL.exec(expanded);
  if (unknown) return { ok: false, reason: `usch:${unknown[1]}() has no XPath 1.0 translation` };
  return { ok: true, xpath: expanded.replace(/\s+/g, ' ').trim(), usesFileName };
}

/** An XPath 1.0 string literal of any text (XPath has no escapes: concat() joins the quotes). */
export function xpathLiteral(text: string): string {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return `concat(${text
    .split("'")
    .map((part) => `'${part}'`)
    .join(`, "'", `)})`;
}

/** The expression with the file name put in for `usch:getFileName()`. */
export const withFileName = (xpath: string, fileName: string): string =>
  xpath.split(FILE_NAME_PLACEHOLDER).join(xpathLiteral(fileName));
