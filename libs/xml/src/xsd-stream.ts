import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { domainError, type Result } from '@tks/domain';
import type { XsdFailure, XsdIssue, XsdValidated } from './xsd';

/**
 * XSD validation of a file too large to hold in memory: `xmllint --stream --schema` (libxml2's
 * streaming reader, Debian package libxml2-utils) reads the file from disk in constant memory, in
 * its own process. Unlike the libxmljs2 path it reads windows-1251 itself (Debian's libxml2 has
 * iconv). See docs/decisions/0003-xsd-validation.md.
 *
 * The caller must have run the streaming guard first: xmllint never sees a DTD or entity.
 * Never throws for a bad document; rejects when xmllint is missing or the schema does not compile.
 */
export interface StreamValidationOptions {
  /** The xmllint binary; `XMLLINT` in the environment or `xmllint` on the PATH. */
  readonly xmllint?: string;
  readonly maxIssues?: number;
}

// "/path/file.xml:12: element X: Schemas validity error : Element 'X' ..." (libxml2 2.9 and 2.10+)
const SCHEMA_ISSUE = /^.*?:(\d+): (?:element [^:]*: )?Schemas validity error : (.*)$/;
const PARSER_ERROR = /^.*?:(\d+): (?:parser error|namespace error) : (.*)$/;
// xmllint --stream reports some faults (e.g. a document cut off at the end) only as this line.
const FAILED_TO_PARSE = / : failed to parse$/;

export function validateFileAgainstXsd(
  filePath: string,
  xsdPath: string,
  options: StreamValidationOptions = {},
): Promise<Result<XsdValidated, XsdFailure>> {
  const maxIssues = options.maxIssues ?? 100;
  const binary = options.xmllint ?? process.env.XMLLINT ?? 'xmllint';
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, ['--noout', '--stream', '--nonet', '--schema', xsdPath, filePath], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const schemaIssues: XsdIssue[] = [];
    const parserIssues: XsdIssue[] = [];
    const other: string[] = [];
    let unparsable = false;
    const lines = createInterface({ input: child.stderr });
    lines.on('line', (line) => {
      const schema = SCHEMA_ISSUE.exec(line);
      const parser = PARSER_ERROR.exec(line);
      if (schema && schemaIssues.length < maxIssues) {
        schemaIssues.push({ line: Number(schema[1]), column: null, message: (schema[2] ?? '').trim() });
      } else if (parser && parserIssues.length < maxIssues) {
        parserIssues.push({ line: Number(parser[1]), column: null, message: (parser[2] ?? '').trim() });
      } else if (FAILED_TO_PARSE.test(line)) unparsable = true;
      else if (other.length < 20) other.push(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolvePromise({ ok: true, value: { xsdPath } });
      if (parserIssues.length === 0 && unparsable) {
        const issue: XsdIssue = {
          line: null,
          column: null,
          message: 'the document ends prematurely or cannot be read',
        };
        return resolvePromise(
          failure('TKS-XML-MALFORMED', `The document is not well-formed: ${issue.message}`, [issue]),
        );
      }
      if (parserIssues.length > 0) {
        const first = parserIssues[0] as XsdIssue;
        return resolvePromise(
          failure(
            'TKS-XML-MALFORMED',
            `The document is not well-formed (line ${first.line}): ${first.message}`,
            parserIssues,
          ),
        );
      }
      if (schemaIssues.length > 0) {
        const first = schemaIssues[0] as XsdIssue;
        return resolvePromise(
          failure(
            '0300300001',
            `The document does not conform to its schema (line ${first.line}): ${first.message}`,
            schemaIssues,
          ),
        );
      }
      reject(new Error(`xmllint exited with ${code} on ${xsdPath}: ${other.join(' | ')}`));
    });
  });
}

function failure(
  code: '0300300001' | 'TKS-XML-MALFORMED',
  message: string,
  issues: readonly XsdIssue[],
): Result<XsdValidated, XsdFailure> {
  const detail = { issues: issues.map((i) => ({ line: i.line, column: i.column, message: i.message })) };
  return { ok: false, error: { ...domainError(code, message, detail), issues } };
}
