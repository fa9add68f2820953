import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { domainError, type DomainError, type Result } from '@tks/domain';
import { parseXml, type Document } from 'libxmljs2';
import { decodeDeclaration } from './decode';
import { guardXml, type GuardLimits } from './guard';

/**
 * Validation against the XSD FNS publishes for each form (КНД + format version), with libxml2
 * through libxmljs2. A document that fails is refused with FNS code 0300300001.
 *
 * libxmljs2 bundles libxml2 without iconv, so it knows no windows-1251: it is given decoded text
 * whose XML declaration is rewritten to UTF-8 (libxmljs2 passes strings to libxml2 as UTF-8),
 * on the same line so that line numbers in errors still point into the filer's document. FNS
 * XSDs themselves are windows-1251 files and are decoded the same way.
 *
 * The Schematron rules FNS embeds in its XSDs (`usch:` namespace) are not part of XSD
 * validation; `schematron/` applies them to the document this module parsed.
 */
export interface XsdIssue {
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
}

export type XsdFailure = DomainError & { readonly issues: readonly XsdIssue[] };

export interface XsdValidated {
  readonly xsdPath: string;
}

// No entity substitution, no external DTD, no network: the document is untrusted.
// big_lines: lets libxml2 count lines past 65535 where it can (see LINE_CAP).
const SAFE_PARSE = {
  noent: false,
  dtdload: false,
  dtdvalid: false,
  dtdattr: false,
  nonet: true,
  xinclude: false,
  big_lines: true,
};
// The first errors are the ones worth reading; one fault can cascade into thousands more.
const MAX_ISSUES = 100;
const ENCODING_IN_DECLARATION = /^(<\?xml[^>]*?\sencoding\s*=\s*)(["'])[A-Za-z][A-Za-z0-9._-]*\2/;

const schemas = new Map<string, Document>();

/** The text with the XML declaration's encoding set to UTF-8, the only one libxml2 sees here. */
export function withUtf8Declaration(text: string): string {
  return text.replace(ENCODING_IN_DECLARATION, '$1$2UTF-8$2');
}

/** The XSD as a parsed document (cached per file): the validator's schema, and the source of its embedded rules. */
export function loadXsdDocument(xsdPath: string): Document {
  const key = resolve(xsdPath);
  const cached = schemas.get(key);
  if (cached !== undefined) return cached;
  // A schema that cannot be read is a deployment fault, not the filer's: it throws.
  const decoded = decodeDeclaration(readFileSync(key));
  if (!decoded.ok) throw new Error(`XSD ${key}: ${decoded.error.message}`);
  const schema = parseXml(withUtf8Declaration(decoded.value.text), { ...SAFE_PARSE, baseUrl: key });
  schemas.set(key, schema);
  return schema;
}

/** Forgets parsed schemas, e.g. after the XSD files were replaced. */
export function clearXsdCache(): void {
  schemas.clear();
}

function failure(
  code: DomainError['code'],
  message: string,
  issues: readonly XsdIssue[],
): { ok: false; error: XsdFailure } {
  const detail = { issues: issues.map((i) => ({ line: i.line, column: i.column, message: i.message })) };
  return { ok: false, error: { ...domainError(code, message, detail), issues } };
}

interface LibxmlError {
  readonly message: string;
  readonly line?: number | null;
  readonly column?: number | null;
}

// libxml2 keeps an element's line number in 16 bits, so schema errors on any line past 65534
// say 65535; such a line is reported as unknown rather than wrong.
const LINE_CAP = 65535;

const toIssue = (error: LibxmlError): XsdIssue => ({
  line: error.line && error.line < LINE_CAP ? error.line : null,
  // libxmljs2 gives 0 when libxml2 has no column.
  column: error.column ? error.column : null,
  message: error.message.trim(),
});

const isLibxmlError = (value: unknown): value is LibxmlError =>
  value instanceof Error || (typeof value === 'object' && value !== null && 'message' in value);

/**
 * Validates decoded declaration text against the XSD at `xsdPath`. Never throws for a bad
 * document; throws when the schema itself cannot be read or compiled.
 */
export function validateAgainstXsd(
  xmlText: string,
  xsdPath: string,
  limits: GuardLimits = {},
): Result<XsdValidated, XsdFailure> {
  const validated = parseAndValidateAgainstXsd(xmlText, xsdPath, limits);
  return validated.ok ? { ok: true, value: { xsdPath: validated.value.xsdPath } } : validated;
}

/** As validateAgainstXsd, and hands out the parsed document for the checks that follow (rules). */
export function parseAndValidateAgainstXsd(
  xmlText: string,
  xsdPath: string,
  limits: GuardLimits = {},
): Result<XsdValidated & { readonly document: Document }, XsdFailure> {
  const schema = loadXsdDocument(xsdPath);
  const guarded = guardXml(xmlText, limits);
  if (!guarded.ok) {
    const { line, column } = guarded.error.detail ?? {};
    const position =
      typeof line === 'number'
        ? { line, column: typeof column === 'number' ? column : null }
        : { line: null, column: null };
    return failure(guarded.error.code, guarded.error.message, [
      { ...position, message: guarded.error.message },
    ]);
  }

  let document: Document;
  try {
    document = parseXml(withUtf8Declaration(xmlText), SAFE_PARSE);
  } catch (error: unknown) {
    const issue = isLibxmlError(error)
      ? toIssue(error)
      : { line: null, column: null, message: String(error) };
    return failure('TKS-XML-MALFORMED', `The document is not well-formed: ${issue.message}`, [issue]);
  }

  let valid: boolean;
  try {
    valid = document.validate(schema);
  } catch (error: unknown) {
    // libxmljs2 leaves its error handler installed when schema compilation fails; a trivial
    // parse installs and removes it again, so later libxml2 errors are not sent to a dead array.
    parseXml('<reset/>');
    schemas.delete(resolve(xsdPath));
    throw new Error(
      `XSD ${resolve(xsdPath)} cannot be compiled: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (valid) return { ok: true, value: { xsdPath: resolve(xsdPath), document } };

  const issues = document.validationErrors.slice(0, MAX_ISSUES).map(toIssue);
  const first = issues[0];
  const where = first?.line ? ` (line ${first.line})` : '';
  return failure(
    '0300300001',
    `The document does not conform to its schema${where}: ${first?.message ?? 'no detail'}`,
    issues,
  );
}
