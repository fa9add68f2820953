import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as iconv from 'iconv-lite';
import { validateAgainstXsd } from '@tks/xml';

/** The tax service's schema of packageDescription.xml, bytes unchanged (schemas/container/README.md). */
export const DESCRIPTION_SCHEMA_FILE = 'TR_TRKON_2_700_01_09_02_01.xsd';

let schemaPath: string | undefined;

/** Found by walking up, so the same code runs from the sources (tests) and from dist/. */
export function descriptionSchemaPath(): string {
  if (schemaPath) return schemaPath;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', 'container', DESCRIPTION_SCHEMA_FILE);
    if (existsSync(candidate)) return (schemaPath = candidate);
  }
  throw new Error(`schemas/container/${DESCRIPTION_SCHEMA_FILE} not found above ${__dirname}`);
}

/**
 * Checks a description (windows-1251 bytes) against the official schema. A description that fails
 * it is a defect of the code that wrote it, never of a filer: it throws, and nothing is sealed.
 */
export function assertValidDescription(bytes: Buffer): void {
  const result = validateAgainstXsd(iconv.decode(bytes, 'win1251'), descriptionSchemaPath());
  if (!result.ok) {
    throw new Error(
      `packageDescription.xml does not conform to ${DESCRIPTION_SCHEMA_FILE}: ${result.error.message}`,
    );
  }
}
