import { domainError, errorCodeEntry, isErrorCode } from '@tks/domain';
import type { DocumentStore, StoredObject } from '@tks/storage';
import {
  checkControlRules,
  checkDeclarationStream,
  parseAndValidateAgainstXsd,
  validateFileAgainstXsd,
  type ControlRuleRefusal,
  type SchemaRegistry,
  type XsdFailure,
} from '@tks/xml';
import {
  checkDeclaration,
  checkDeclarationHeader,
  refuse,
  type CheckedDeclaration,
  type DeclarationCheck,
} from '../filings/declaration-check';
import type { SubscriberView } from '../subscribers/subscriber-view.entity';

export interface DeclarationValidatorOptions {
  /** Up to this size a declaration is checked in memory (libxmljs2); above it, streamed (xmllint). */
  readonly inMemoryMaxBytes: number;
}

/**
 * The validation steps of an uploaded declaration, in the tax service's order: transport, name
 * and identity, the XSD of its form and format version, then the control rules that XSD embeds. Small documents are decoded and
 * validated in memory with libxmljs2; large ones are streamed from the document store, so memory
 * stays bounded whatever the size (docs/decisions/0003-xsd-validation.md).
 */
export class DeclarationValidator {
  constructor(
    private readonly store: DocumentStore,
    private readonly schemas: SchemaRegistry,
    private readonly options: DeclarationValidatorOptions,
  ) {}

  async validate(
    stored: StoredObject,
    context: { fileName?: string; subscriber: SubscriberView },
  ): Promise<ValidationOutcome> {
    if (stored.size <= this.options.inMemoryMaxBytes) {
      const { text, ...checked } = checkDeclaration(await this.store.get(stored.sha256), context);
      if (!checked.ok || text === undefined) return checked;
      const schema = this.schemaFor(checked.value.formCode, checked.value.formatVersion);
      if (!schema.ok) return { ...schema, declaration: checked.value };
      const valid = parseAndValidateAgainstXsd(text, schema.xsdPath);
      if (!valid.ok) return schemaRefusal(valid.error, checked.value);
      const fileName = context.fileName?.replace(/\.xml$/i, '');
      const rules = checkControlRules(valid.value.document, schema.xsdPath, fileName ? { fileName } : {});
      return rules.ok ? checked : ruleRefusal(rules.error, checked.value);
    }
    // Above the in-memory limit only the XSD is applied (streamed): the embedded control rules
    // need the whole tree (docs/decisions/0003-xsd-validation.md states the measured limit).
    const streamed = await checkDeclarationStream(this.store.open(stored.sha256));
    if (!streamed.ok) return refuse(streamed.error);
    const checked = checkDeclarationHeader(streamed.value.header, context);
    if (!checked.ok) return checked;
    const schema = this.schemaFor(checked.value.formCode, checked.value.formatVersion);
    if (!schema.ok) return { ...schema, declaration: checked.value };
    const valid = await validateFileAgainstXsd(this.store.pathOf(stored.sha256), schema.xsdPath);
    return valid.ok ? checked : schemaRefusal(valid.error, checked.value);
  }

  private schemaFor(formCode: string, formatVersion: string): { ok: true; xsdPath: string } | Refused {
    const schema = this.schemas.find(formCode, formatVersion);
    if (schema) return { ok: true, xsdPath: schema.xsdPath };
    return refuse(
      domainError('0300300001', unknownFormMessage(this.schemas, formCode, formatVersion)),
    ) as Refused;
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

type Refused = Extract<DeclarationCheck, { ok: false }>;

/** A refusal at the schema step still knows the header: the refused filing keeps ИдФайл, КНД, КодНО. */
export type ValidationOutcome = DeclarationCheck | (Refused & { declaration?: CheckedDeclaration });

/** 0300300001 with the validator's line-numbered messages in the problem's `errors`. */
function schemaRefusal(error: XsdFailure, declaration: CheckedDeclaration): ValidationOutcome {
  const refused = refuse(error);
  if (refused.ok) return refused;
  return {
    ok: false,
    declaration,
    problem: {
      ...refused.problem,
      errors: error.issues.map((i) => ({
        message: i.message,
        ...(i.line !== null ? { line: i.line } : {}),
        ...(i.column !== null ? { column: i.column } : {}),
      })),
    },
  };
}

const RULE_TITLE = 'Declaration breaks a control rule of its format';

/**
 * A broken embedded control rule: the first rule's own code and text, and every failed rule in
 * `errors` (its code first, then its text) with the line of the element it failed on.
 */
function ruleRefusal(error: ControlRuleRefusal, declaration: CheckedDeclaration): ValidationOutcome {
  return {
    ok: false,
    declaration,
    problem: {
      status: 422,
      code: error.code,
      title: isErrorCode(error.code) ? errorCodeEntry(error.code).title : RULE_TITLE,
      detail: error.message,
      errors: error.failures.map((f) => ({
        message: `${f.code}: ${f.message}`,
        ...(f.line !== null ? { line: f.line } : {}),
      })),
    },
  };
}
