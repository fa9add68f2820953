import {
  checkDeclarationSource,
  tooLargeResult,
  type DeclarationCheckResult,
  type DeclarationSource,
  type Refusal,
} from '@tks/checks';
import type { DocumentStore, StoredObject } from '@tks/storage';
import type { SchemaRegistry } from '@tks/xml';
import { checkedDeclaration, type CheckedDeclaration } from '../filings/declaration-check';
import type { SubscriberView } from '../subscribers/subscriber-view.entity';

export interface DeclarationValidatorOptions {
  /** Up to this size a declaration is checked in memory (libxmljs2); above it, streamed (xmllint). */
  readonly inMemoryMaxBytes: number;
}

/** A declaration as received: in a document store, or cut off at the size limit. */
export type ReceivedDeclaration = StoredObject | { tooLarge: number };

export interface ValidationContext {
  fileName?: string;
  /** The subscriber it is filed for; a check may have none. */
  subscriber?: SubscriberView;
}

/**
 * The validation steps of an uploaded declaration (`@tks/checks`: transport, name and identity, the
 * XSD of its form and format version, its control rules) on the bytes in a document store: the
 * gateway's own for a filing, a scratch one for a check, so both run exactly this.
 */
export class DeclarationValidator {
  constructor(
    private readonly store: DocumentStore,
    readonly schemas: SchemaRegistry,
    private readonly options: DeclarationValidatorOptions,
  ) {}

  check(
    declaration: ReceivedDeclaration,
    context: ValidationContext,
    store: DocumentStore = this.store,
  ): Promise<DeclarationCheckResult> {
    if ('tooLarge' in declaration) return Promise.resolve(tooLargeResult(declaration.tooLarge));
    return checkDeclarationSource(
      storedSource(store, declaration),
      { fileName: context.fileName, subscriberInn: context.subscriber?.inn },
      // The size limit was applied while the body was received (tooLarge above).
      { schemas: this.schemas, inMemoryMaxBytes: this.options.inMemoryMaxBytes, maxBytes: Infinity },
    );
  }

  async validate(
    declaration: ReceivedDeclaration,
    context: ValidationContext,
    store: DocumentStore = this.store,
  ): Promise<ValidationOutcome> {
    return validationOutcome(await this.check(declaration, context, store));
  }
}

function storedSource(store: DocumentStore, stored: StoredObject): DeclarationSource {
  return {
    size: stored.size,
    read: () => store.get(stored.sha256),
    open: () => store.open(stored.sha256),
    withPath: (use) => store.withLocalFile(stored.sha256, use),
  };
}

/**
 * A refusal at the schema or rule step still knows the header: the refused filing keeps ИдФайл,
 * КНД, КодНО. One refused at transport or identity keeps none (its ИдФайл may be another's).
 */
export type ValidationOutcome =
  { ok: true; value: CheckedDeclaration } | { ok: false; problem: Refusal; declaration?: CheckedDeclaration };

export function validationOutcome(result: DeclarationCheckResult): ValidationOutcome {
  const checked = result.header ? checkedDeclaration(result.header) : undefined;
  if (!result.refusal) {
    if (!checked) throw new Error('a declaration passed its checks without a header');
    return { ok: true, value: checked };
  }
  const keepsHeader = result.refusedAt === 'schema' || result.refusedAt === 'rule';
  return { ok: false, problem: result.refusal, ...(keepsHeader && checked ? { declaration: checked } : {}) };
}
