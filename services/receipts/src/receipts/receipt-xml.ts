import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import { encode } from 'iconv-lite';
import { validateAgainstXsd } from '@tks/xml';

/** The XSDs of the receipts this service issues, in schemas/receipts/ at the repository root. */
export type ReceiptSchema = 'sending-date-confirmation' | 'acceptance-receipt' | 'refusal-notice';

/** Found by walking up, so the same code runs from the sources (tests) and from dist/. */
function schemaDirectory(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', 'receipts');
    if (existsSync(join(candidate, 'common.xsd'))) return candidate;
  }
  throw new Error('schemas/receipts not found above ' + __dirname);
}

let directory: string | undefined;
export const receiptSchemaPath = (schema: ReceiptSchema): string =>
  join((directory ??= schemaDirectory()), `${schema}.xsd`);

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  suppressEmptyNode: true,
});

/**
 * Writes a receipt as windows-1251 XML after checking it against its XSD. A receipt that fails its
 * own schema is a defect of this service, never the filer's: it throws, and nothing is signed.
 */
export function renderReceipt(document: object, schema: ReceiptSchema): Buffer {
  const xml = `<?xml version="1.0" encoding="windows-1251"?>\n${builder.build(document)}`;
  const valid = validateAgainstXsd(xml, receiptSchemaPath(schema));
  if (!valid.ok) throw new Error(`${schema} does not conform to its XSD: ${valid.error.message}`);
  return encode(xml, 'win1251');
}
