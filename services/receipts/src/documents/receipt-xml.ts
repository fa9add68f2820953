import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import { encode } from 'iconv-lite';
import { validateAgainstXsd } from '@tks/xml';

/**
 * The schema each issued document must satisfy, in schemas/receipts/: the tax service's own XSDs
 * (bytes unchanged) where one is published, the reconstructed ones (marked so) where none is.
 */
export const RECEIPT_SCHEMAS = {
  'acceptance-receipt': 'KV_OTCH_1_095_00_05_04_01.xsd',
  'refusal-notice': 'UO_OTCH_1_097_00_05_05_01.xsd',
  'input-notice': 'IV_OTCH_1_098_00_05_04_01.xsd',
  'clarification-notice': 'UU_OTCH_1_087_00_05_07_01.xsd',
  'sending-date-confirmation': 'PD_1166004_reconstructed.xsd',
  'receipt-notice': 'IZ_1166008_reconstructed.xsd',
} as const;
export type ReceiptSchema = keyof typeof RECEIPT_SCHEMAS;

/** Found by walking up, so the same code runs from the sources (tests) and from dist/. */
function schemaDirectory(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', 'receipts');
    if (existsSync(join(candidate, RECEIPT_SCHEMAS['acceptance-receipt']))) return candidate;
  }
  throw new Error('schemas/receipts not found above ' + __dirname);
}

let directory: string | undefined;
export const receiptSchemaPath = (schema: ReceiptSchema): string =>
  join((directory ??= schemaDirectory()), RECEIPT_SCHEMAS[schema]);

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  suppressEmptyNode: true,
});

/**
 * Writes a document as windows-1251 XML after checking it against its XSD. A document that fails
 * its own schema is a defect of this service, never the filer's: it throws, and nothing is signed.
 */
export function renderReceipt(document: object, schema: ReceiptSchema): Buffer {
  const xml = `<?xml version="1.0" encoding="windows-1251"?>\n${builder.build(document)}`;
  const valid = validateAgainstXsd(xml, receiptSchemaPath(schema));
  if (!valid.ok) throw new Error(`${schema} does not conform to its XSD: ${valid.error.message}`);
  return encode(xml, 'win1251');
}
