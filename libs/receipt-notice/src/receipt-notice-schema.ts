import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The receipt notice's schema: reconstructed (no XSD of КНД 1166008 is public), see
 * schemas/README.md. Found by walking up, so the same code runs from the sources and from dist/.
 */
export const RECEIPT_NOTICE_SCHEMA_FILE = 'IZ_1166008_reconstructed.xsd';

let found: string | undefined;

export function receiptNoticeSchemaPath(): string {
  if (found) return found;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', 'receipts', RECEIPT_NOTICE_SCHEMA_FILE);
    if (existsSync(candidate)) return (found = candidate);
  }
  throw new Error(`schemas/receipts/${RECEIPT_NOTICE_SCHEMA_FILE} not found above ${__dirname}`);
}
