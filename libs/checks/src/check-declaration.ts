import { basename } from 'node:path';
import {
  checkControlRules,
  checkDeclarationStream,
  controlRulesOf,
  decodeDeclaration,
  parseAndValidateAgainstXsd,
  readDeclarationHeader,
  validateFileAgainstXsd,
  type DeclarationHeader,
  type RegisteredSchema,
  type SchemaRegistry,
  type XsdFailure,
} from '@tks/xml';
import type { DomainError } from '@tks/domain';
import type { DeclarationSource } from './declaration-source';
import { skipped, type CheckStep, type Finding, type Refusal } from './finding';
import { identityFindings, type IdentityContext } from './identity';
import type { CheckLimits } from './limits';
import { domainRefusal, findingRefusal, ruleRefusal, schemaRefusal } from './refusal';

export interface DeclarationCheckResult {
  /** Every finding, in the order of the steps; errors and warnings. */
  readonly findings: readonly Finding[];
  /** What a filing answers: the first failing step's refusal; absent when it would be accepted. */
  readonly refusal?: Refusal;
  /** The step that refused. A filing refused at transport or identity keeps no ИдФайл of its own. */
  readonly refusedAt?: CheckStep;
  /** The header, when it could be read. */
  readonly header?: DeclarationHeader;
  readonly schema?: RegisteredSchema;
}

export interface DeclarationCheckOptions extends CheckLimits {
  readonly schemas: SchemaRegistry;
}

/** Collects findings; the first error fixes the refusal, as the intake stops at its first failing step. */
class Findings {
  readonly list: Finding[] = [];
  refusal?: Refusal;
  refusedAt?: CheckStep;

  add(finding: Finding, refusal: () => Refusal): void {
    this.list.push(finding);
    if (finding.level === 'error' && this.refusal === undefined) {
      this.refusal = refusal();
      this.refusedAt = finding.step;
    }
  }

  result(extra: Pick<DeclarationCheckResult, 'header' | 'schema'> = {}): DeclarationCheckResult {
    return { findings: this.list, refusal: this.refusal, refusedAt: this.refusedAt, ...extra };
  }
}

/** TKS-TOO-LARGE as the intake answers it: the body was cut at the limit, nothing else is checked. */
export function tooLargeResult(limit: number): DeclarationCheckResult {
  const message = `the limit is ${limit} bytes`;
  return {
    findings: [{ code: 'TKS-TOO-LARGE', message, level: 'error', step: 'transport' }],
    refusal: { status: 413, code: 'TKS-TOO-LARGE', title: 'Declaration too large', detail: message },
    refusedAt: 'transport',
  };
}

const positionOf = (error: DomainError): { line?: number; column?: number } => {
  const { line, column } = error.detail ?? {};
  return {
    ...(typeof line === 'number' ? { line } : {}),
    ...(typeof column === 'number' ? { column } : {}),
  };
};

const transportFinding = (error: DomainError): Finding => ({
  code: error.code,
  message: error.message,
  level: 'error',
  step: 'transport',
  ...positionOf(error),
});

/**
 * The intake's checks of one declaration, in the tax service's order: transport (size, encoding,
 * well-formedness, no DOCTYPE, bounded shape), name and identity, the XSD of its form and format
 * version, then the control rules that XSD embeds. Small declarations are decoded and validated in
 * memory (libxmljs2); larger ones are streamed (xmllint), without the control rules
 * (docs/decisions/0003-xsd-validation.md). Every step that can still run after a failure does, so
 * a check reports every finding; the refusal is the first failing step's, as a filing answers it.
 * The gateway's intake, `POST /checks` and `tks check` all call this.
 */
export async function checkDeclarationSource(
  source: DeclarationSource,
  context: IdentityContext,
  options: DeclarationCheckOptions,
): Promise<DeclarationCheckResult> {
  if (source.size > options.maxBytes) return tooLargeResult(options.maxBytes);
  const found = new Findings();
  let header: DeclarationHeader;
  let text: string | undefined;
  if (source.size <= options.inMemoryMaxBytes) {
    const bytes = await source.read();
    const decoded = decodeDeclaration(bytes, { maxBytes: bytes.length });
    if (!decoded.ok) return transportRefusal(found, decoded.error);
    const read = readDeclarationHeader(decoded.value.text);
    if (!read.ok) return transportRefusal(found, read.error);
    header = read.value;
    text = decoded.value.text;
  } else {
    const streamed = await checkDeclarationStream(source.open());
    if (!streamed.ok) return transportRefusal(found, streamed.error);
    header = streamed.value.header;
  }

  for (const finding of identityFindings(header, context)) found.add(finding, () => findingRefusal(finding));
  if (context.subscriberInn === undefined) {
    found.list.push(skipped('identity', 'no subscriber given: the taxpayer is not compared with one'));
  }

  const schema = options.schemas.find(header.formCode, header.formatVersion);
  if (!schema) {
    const message = unknownFormMessage(options.schemas, header.formCode, header.formatVersion);
    const finding: Finding = { code: '0300300001', message, level: 'error', step: 'schema' };
    found.add(finding, () => findingRefusal(finding));
    return found.result({ header });
  }
  const schemaFile = basename(schema.xsdPath);

  if (text === undefined) {
    const valid = await source.withPath((path) => validateFileAgainstXsd(path, schema.xsdPath));
    if (!valid.ok) addSchemaFailure(found, valid.error, schemaFile);
    found.list.push(
      skipped(
        'rule',
        `the control rules of ${schemaFile} are not applied above ${options.inMemoryMaxBytes} bytes (streamed check)`,
      ),
    );
    return found.result({ header, schema });
  }

  const valid = parseAndValidateAgainstXsd(text, schema.xsdPath);
  if (!valid.ok) {
    addSchemaFailure(found, valid.error, schemaFile);
    return found.result({ header, schema });
  }
  const fileName = context.fileName?.replace(/\.xml$/i, '');
  const rules = checkControlRules(valid.value.document, schema.xsdPath, fileName ? { fileName } : {});
  if (!rules.ok) {
    const refusal = ruleRefusal(rules.error);
    for (const f of rules.error.failures) {
      found.add(
        {
          code: f.code,
          message: f.message,
          level: 'error',
          step: 'rule',
          schema: schemaFile,
          rule: f.pattern,
          ...(f.line !== null ? { line: f.line } : {}),
        },
        () => refusal,
      );
    }
  }
  const needName = fileName ? 0 : controlRulesOf(schema.xsdPath).rules.filter((r) => r.usesFileName).length;
  if (needName > 0) {
    found.list.push(
      skipped('rule', `${needName} control rule(s) of ${schemaFile} need the file name, which was not given`),
    );
  }
  return found.result({ header, schema });
}

function transportRefusal(found: Findings, error: DomainError): DeclarationCheckResult {
  found.add(transportFinding(error), () => domainRefusal(error));
  return found.result();
}

function addSchemaFailure(found: Findings, error: XsdFailure, schemaFile: string): void {
  const refusal = schemaRefusal(error);
  const step: CheckStep = error.code === '0300300001' ? 'schema' : 'transport';
  const issues =
    error.issues.length > 0 ? error.issues : [{ message: error.message, line: null, column: null }];
  for (const issue of issues) {
    found.add(
      {
        code: error.code,
        message: issue.message,
        level: 'error',
        step,
        schema: schemaFile,
        ...(issue.line !== null ? { line: issue.line } : {}),
        ...(issue.column !== null ? { column: issue.column } : {}),
      },
      () => refusal,
    );
  }
}

/** Names what would have been accepted, so the filer knows which version to produce. */
function unknownFormMessage(schemas: SchemaRegistry, formCode: string, formatVersion: string): string {
  const versions = schemas.versionsOf(formCode);
  if (versions.length > 0) {
    return `format version ${formatVersion} of КНД ${formCode} is not accepted; accepted versions: ${versions.join(', ')}`;
  }
  const forms = [...new Set(schemas.all.map((s) => s.formCode))].sort();
  return `КНД ${formCode} is not accepted; accepted forms: ${forms.join(', ')}`;
}
