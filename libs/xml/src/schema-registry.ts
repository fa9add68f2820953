import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The XSD registered for each form (КНД) and format version (ВерсФорм), read from a directory
 * laid out as `<dir>/<КНД>/<ВерсФорм>/*.xsd`. A folder with one `.xsd` names its schema; one with
 * several (FNS schemas that include shared type files) has `manifest.json`: `{"main": "<file>"}`.
 * Adding a form is adding a folder: no code changes.
 *
 * Folders not named by a 7-digit КНД are skipped. A malformed form folder is a deployment fault and throws at start with the folder it is about.
 */
export interface RegisteredSchema {
  readonly formCode: string;
  readonly formatVersion: string;
  readonly xsdPath: string;
}

export interface SchemaRegistry {
  /** The schema for this form and version, or undefined when none is registered. */
  find(formCode: string, formatVersion: string): RegisteredSchema | undefined;
  /** The format versions registered for a form, in ascending order; empty for an unknown form. */
  versionsOf(formCode: string): readonly string[];
  readonly all: readonly RegisteredSchema[];
}

const FORM_CODE = /^\d{7}$/;
const FORMAT_VERSION = /^\d+\.\d+$/;

const subfolders = (dir: string): string[] =>
  readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());

function mainXsd(folder: string): string {
  const manifestPath = join(folder, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const main =
      typeof manifest === 'object' && manifest !== null && 'main' in manifest ? manifest.main : undefined;
    if (typeof main !== 'string' || !existsSync(join(folder, main))) {
      throw new Error(`schema folder ${folder}: manifest.json must name an existing "main" .xsd`);
    }
    return join(folder, main);
  }
  const xsds = readdirSync(folder).filter((name) => name.toLowerCase().endsWith('.xsd'));
  if (xsds.length !== 1) {
    throw new Error(
      `schema folder ${folder}: holds ${xsds.length} .xsd files; with more than one, manifest.json names the main one`,
    );
  }
  return join(folder, xsds[0] as string);
}

/** Orders "5.9" before "5.10": ВерсФорм is major.minor, compared part by part. */
function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

export function loadSchemaRegistry(dir: string): SchemaRegistry {
  const root = resolve(dir);
  if (!existsSync(root)) throw new Error(`schema directory ${root} does not exist`);
  const byKey = new Map<string, RegisteredSchema>();
  for (const formCode of subfolders(root)) {
    // Other folders (e.g. schemas of the documents the operator itself issues) are not declarations'.
    if (!FORM_CODE.test(formCode)) continue;
    for (const formatVersion of subfolders(join(root, formCode))) {
      if (!FORMAT_VERSION.test(formatVersion)) {
        throw new Error(`schema directory ${root}/${formCode}: "${formatVersion}" is not a ВерсФорм`);
      }
      const xsdPath = mainXsd(join(root, formCode, formatVersion));
      byKey.set(`${formCode}/${formatVersion}`, { formCode, formatVersion, xsdPath });
    }
  }
  const all = [...byKey.values()];
  return {
    find: (formCode, formatVersion) => byKey.get(`${formCode}/${formatVersion}`),
    versionsOf: (formCode) =>
      all
        .filter((schema) => schema.formCode === formCode)
        .map((schema) => schema.formatVersion)
        .sort(compareVersions),
    all,
  };
}
