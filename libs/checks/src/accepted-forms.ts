import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { formName } from '@tks/domain';
import type { SchemaRegistry } from '@tks/xml';

/** A form and format version a deployment accepts, as `GET /forms` lists it. */
export interface AcceptedForm {
  /** `Документ/@КНД`. */
  readonly formCode: string;
  /** `Файл/@ВерсФорм`. */
  readonly formatVersion: string;
  readonly name: string;
  /** The main XSD file of the form's folder (schemas/README.md). */
  readonly schemaFile: string;
  readonly sha256: string;
  /**
   * `official`: the tax service's own XSD, bytes unchanged; `reconstructed`: written by the project
   * where none is public. Marked by the file name (`…_reconstructed.xsd`, as in schemas/receipts)
   * or by `"origin": "reconstructed"` in the folder's manifest.json.
   */
  readonly origin: 'official' | 'reconstructed';
}

function originOf(xsdPath: string): AcceptedForm['origin'] {
  if (/reconstructed/i.test(basename(xsdPath))) return 'reconstructed';
  const manifestPath = join(dirname(xsdPath), 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (typeof manifest === 'object' && manifest !== null && 'origin' in manifest) {
      return manifest.origin === 'reconstructed' ? 'reconstructed' : 'official';
    }
  }
  return 'official';
}

/** The registered forms, by КНД then ВерсФорм (as the registry orders versions). */
export function acceptedForms(registry: SchemaRegistry): AcceptedForm[] {
  const codes = [...new Set(registry.all.map((s) => s.formCode))].sort();
  return codes.flatMap((formCode) =>
    registry.versionsOf(formCode).map((formatVersion) => {
      const schema = registry.find(formCode, formatVersion);
      if (!schema) throw new Error(`schema registry lists ${formCode}/${formatVersion} but cannot find it`);
      return {
        formCode,
        formatVersion,
        name: formName(formCode),
        schemaFile: basename(schema.xsdPath),
        sha256: createHash('sha256').update(readFileSync(schema.xsdPath)).digest('hex'),
        origin: originOf(schema.xsdPath),
      };
    }),
  );
}
