import { createPrivateKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ContainerError,
  openContainer,
  OpenedContainer,
  parseContainerFileName,
  readZip,
  RecipientKey,
} from '@tks/container';
import { toJson } from './verify-command';

export const containerUsage = `  tks container open FILE.zip --out DIR [--cert CERT.pem --key KEY.pem] [--ca FILE] [--plain-cms] [--json]
      unpacks a transport container (tks's or another operator's) into DIR, decrypts it with the
      recipient's certificate and key when given, unzips, and verifies every signature (GOST 2012,
      and GOST 2001 reported as legacy); --plain-cms accepts signatures without the CAdES
      signing-certificate attribute; exit 0 only when all is recovered and valid`;

/**
 * Exit codes: 0 valid, 1 invalid or unreadable (a container-level code from docs/errors.md on
 * stderr, or per-document reasons in the report), 2 wrong usage.
 */
export async function runContainerCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
      'plain-cms': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [subcommand, file] = positionals;
  if (
    subcommand !== 'open' ||
    !file ||
    !values.out ||
    (values.cert === undefined) !== (values.key === undefined)
  ) {
    process.stderr.write(
      `container open needs FILE.zip and --out DIR (--cert with --key)\n\n${containerUsage}\n`,
    );
    return 2;
  }
  const archive = await readFile(file);
  let opened: OpenedContainer;
  try {
    opened = await openContainer(archive, {
      recipientKey: values.cert && values.key ? await recipientKey(values.cert, values.key) : undefined,
      trustedCertificates: values.ca === undefined ? undefined : [await readFile(values.ca, 'utf8')],
      requireSigningCertificate: !values['plain-cms'],
    });
  } catch (error) {
    if (!(error instanceof ContainerError)) throw error;
    if (values.json) {
      process.stdout.write(
        JSON.stringify(
          { container: basename(file), valid: false, error: { code: error.code, message: error.message } },
          null,
          2,
        ) + '\n',
      );
    }
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    return 1;
  }
  await unpack(opened, archive, values.out);
  const report = {
    container: basename(file),
    name: parseContainerFileName(basename(file)) ?? null,
    valid: opened.valid,
    docflowId: opened.description.docflowId,
    docflow: `${opened.description.docflowCode}/${opened.description.transactionCode} ${opened.description.transactionName}`,
    programVersion: opened.description.programVersion ?? null,
    sender: opened.description.sender,
    recipient: opened.description.recipient,
    documents: opened.documents.map((document) => ({
      type: `${document.entry.typeCode} ${document.entry.typeName}`,
      fileName: document.entry.originalFileName ?? document.entry.contentFileName,
      recovered: document.content !== undefined,
      problemCode: document.problemCode,
      problem: document.problem,
      signatures: document.signatures.map((signature) => ({
        fileName: signature.fileName,
        role: signature.role,
        problemCode: signature.problemCode,
        problem: signature.problem,
        verification: signature.verification && toJson(signature.verification),
      })),
    })),
  };
  process.stdout.write((values.json ? JSON.stringify(report, null, 2) : describe(report)) + '\n');
  return opened.valid ? 0 : 1;
}

/** The recipient's key as PKCS#8 DER, from any PEM form OpenSSL writes. The key is never printed. */
async function recipientKey(certificateFile: string, keyFile: string): Promise<RecipientKey> {
  const key = createPrivateKey({ key: await readFile(keyFile), format: 'pem' });
  return {
    certificate: await readFile(certificateFile, 'utf8'),
    privateKeyPkcs8: new Uint8Array(key.export({ format: 'der', type: 'pkcs8' })),
  };
}

/**
 * Writes the description, each recovered document under its original name, and its signatures as
 * `<name>.<n>.sig` (the container's own `<32 hex>.bin` names say nothing to a reader).
 */
async function unpack(opened: OpenedContainer, archive: Buffer, out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  const files = new Map((await readZip(archive)).map((entry) => [entry.name, entry.data]));
  await writeFile(
    join(out, 'packageDescription.xml'),
    files.get('packageDescription.xml') ?? Buffer.alloc(0),
  );
  for (const document of opened.documents) {
    const name = safeName(document.entry.originalFileName, document.entry.documentId);
    if (document.content) await writeFile(join(out, name), document.content);
    for (const [index, signature] of document.signatures.entries()) {
      if (signature.data.length > 0) await writeFile(join(out, `${name}.${index + 1}.sig`), signature.data);
    }
  }
}

/** Names come from the container: keep them inside DIR, and never a directory's name. */
function safeName(name: string | undefined, fallback: string): string {
  const base = basename(name ?? '');
  const usable = base !== '' && base !== '.' && base !== '..' ? base : basename(fallback);
  return usable !== '' && usable !== '.' && usable !== '..' ? usable : 'document';
}

type Report = {
  container: string;
  valid: boolean;
  docflowId: string;
  documents: Array<{
    type: string;
    fileName?: string;
    problemCode?: string;
    problem?: string;
    signatures: Array<{
      fileName: string;
      role: string;
      problemCode?: string;
      problem?: string;
      verification?: ReturnType<typeof toJson>;
    }>;
  }>;
};

function describe(report: Report): string {
  const lines = [
    `container  ${report.container}`,
    `docflow    ${report.docflowId}`,
    `verdict    ${report.valid ? 'VALID' : 'INVALID'}`,
  ];
  for (const document of report.documents) {
    lines.push(`document   ${document.type}  ${document.fileName ?? ''}`);
    if (document.problem) lines.push(`  problem  ${document.problemCode ?? ''} ${document.problem}`);
    for (const signature of document.signatures) {
      const v = signature.verification;
      const verdict = signature.problem
        ? `${signature.problemCode ?? ''} ${signature.problem}`
        : !v
          ? 'not checked'
          : v.valid
            ? 'VALID'
            : `INVALID, reason ${v.code} ${v.reason}`;
      lines.push(`  signature ${signature.fileName} (${signature.role}): ${verdict}`);
      if (v?.signer)
        lines.push(`    signer ${v.signer.subject}; ${v.algorithm ?? ''}; ${v.signingTime ?? ''}`);
      if (v?.legacyAlgorithm)
        lines.push(
          '    legacy algorithms (GOST R 34.10-2001 / 34.11-94): valid as an archive, not for new filings',
        );
    }
  }
  return lines.join('\n');
}
