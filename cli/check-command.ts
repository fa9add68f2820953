import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkDeclarationSource,
  DEFAULT_MAX_DECLARATION_BYTES,
  DEFAULT_XSD_IN_MEMORY_MAX_BYTES,
  fileSource,
  type DeclarationCheckResult,
  type Finding,
} from '@tks/checks';
import { loadSchemaRegistry } from '@tks/xml';

export const checkUsage = `  tks check FILE|DIR… [--inn INN] [--schemas DIR] [--json]
      offline: the intake's checks of each declaration (a folder: every *.xml in it, recursively), as
      POST /api/v1/checks and a filing run them: transport, file name, identity, the form's official XSD
      and its control rules; exit 0 only when every file would be accepted for sending
      --inn      the INN of the subscriber it would be filed for (else the taxpayer is not compared)
      --schemas  the schema folder (default SCHEMA_DIR or the shipped schemas/); the size limits are
                 MAX_DECLARATION_BYTES and XSD_IN_MEMORY_MAX_BYTES, as the gateway's`;

export interface FileCheck {
  readonly file: string;
  readonly verdict: 'accepted' | 'refused';
  /** The code a filing would be refused with; null when it would be accepted. */
  readonly code: string | null;
  readonly findings: readonly Finding[];
}

/** The shipped schemas: the nearest `schemas/` folder above the command (from cli/ or dist/cli/). */
function shippedSchemas(from: string = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'schemas'))) return join(dir, 'schemas');
  }
  return join(process.cwd(), 'schemas');
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** The files to check: files as given, folders walked for *.xml in name order. */
async function declarationFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (!(await stat(path)).isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) files.push(...(await declarationFiles([child])));
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.xml')) files.push(child);
    }
  }
  return files;
}

const position = (f: Finding): string =>
  f.line === undefined ? '' : ` line ${f.line}${f.column === undefined ? '' : `:${f.column}`}`;

const origin = (f: Finding): string =>
  [f.step, f.schema, f.rule ? `«${f.rule}»` : undefined].filter(Boolean).join(' ');

function describe(check: FileCheck): string {
  const head =
    check.verdict === 'accepted' ? `accepted  ${check.file}` : `refused   ${check.file} (${check.code})`;
  const lines = check.findings.map(
    (f) => `    ${f.level.padEnd(7)} ${f.code}${position(f)} [${origin(f)}] ${f.message}`,
  );
  return [head, ...lines].join('\n');
}

const fileCheck = (file: string, result: DeclarationCheckResult): FileCheck => ({
  file,
  verdict: result.refusal ? 'refused' : 'accepted',
  code: result.refusal?.code ?? null,
  findings: result.findings,
});

const flushed = (text: string): Promise<void> =>
  new Promise((resolve, reject) =>
    process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
  );

/** Exit codes: 0 every file would be accepted, 1 one or more would be refused (or unreadable), 2 wrong usage. */
export async function runCheckCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      inn: { type: 'string' },
      schemas: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) {
    process.stderr.write(`check needs FILE or DIR\n\n${checkUsage}\n`);
    return 2;
  }
  const schemas = loadSchemaRegistry(values.schemas ?? process.env.SCHEMA_DIR ?? shippedSchemas());
  const options = {
    schemas,
    maxBytes: positiveInt('MAX_DECLARATION_BYTES', DEFAULT_MAX_DECLARATION_BYTES),
    inMemoryMaxBytes: positiveInt('XSD_IN_MEMORY_MAX_BYTES', DEFAULT_XSD_IN_MEMORY_MAX_BYTES),
  };
  const started = process.hrtime.bigint();
  const files = await declarationFiles(positionals);
  const checks: FileCheck[] = [];
  for (const file of files) {
    // The name it would be filed under: a filing sends the file's own name (X-File-Name, multipart).
    const result = await checkDeclarationSource(
      await fileSource(file),
      { fileName: basename(file), subscriberInn: values.inn },
      options,
    );
    const check = fileCheck(file, result);
    checks.push(check);
    if (!values.json) process.stdout.write(describe(check) + '\n');
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const refused = checks.filter((c) => c.verdict === 'refused').length;
  const rate = seconds > 0 ? (checks.length / seconds).toFixed(0) : '-';
  // The command exits right after: on a pipe, a large report is flushed only if its write is awaited.
  await flushed(
    values.json
      ? JSON.stringify({ files: checks, accepted: checks.length - refused, refused }, null, 2) + '\n'
      : `${checks.length} file(s): ${checks.length - refused} accepted, ${refused} refused (${seconds.toFixed(2)} s, ${rate} files/s)\n`,
  );
  return refused === 0 && checks.length > 0 ? 0 : 1;
}
