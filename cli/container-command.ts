import { createPrivateKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  openContainer,
  OpenedContainer,
  parseContainerFileName,
  readZip,
  RecipientKey,
} from '@tks/container';
import { toJson } from './verify-command';

export const containerUsage = `  tks container open FILE.zip --out DIR [--cert CERT.pem --key KEY.pem] [--ca FILE] [--json]
      unpacks a transport container into DIR, decrypts it with the recipient's certificate and key
      when given, and verifies every signature; exit 0 only when all is recovered and valid`;

/** Exit codes: 0 valid, 1 invalid or unreadable, 2 wrong usage. */
export async function runContainerCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
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
  const opened = await openContainer(await readFile(file), {
    recipientKey: values.cert && values.key ? await recipientKey(values.cert, values.key) : undefined,
    trustedCertificates: values.ca === undefined ? undefined : [await readFile(values.ca, 'utf8')],
  });
  await unpack(opened, await readFile(file), values.out);
  const report = {
    container: basename(file),
    name: parseContainerFileName(basename(file)) ?? null,
    valid: opened.valid,
    docflowId: opened.description.docflowId,
    sender: opened.description.sender,
    recipient: opened.description.recipient,
    documents: opened.documents.map((document) => ({
      type: `${document.entry.typeCode} ${document.entry.typeName}`,
      fileName: document.entry.originalFileName ?? document.entry.contentFileName,
      recovered: document.content !== undefined,
      problem: document.problem,
      signatures: document.signatures.map((signature) => ({
        fileName: signature.fileName,
        role: signature.role,
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

/** Writes the description, each recovered document under its original name, and the signatures. */
async function unpack(opened: OpenedContainer, archive: Buffer, out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  const files = new Map((await readZip(archive)).map((entry) => [entry.name, entry.data]));
  await writeFile(
    join(out, 'packageDescription.xml'),
    files.get('packageDescription.xml') ?? Buffer.alloc(0),
  );
  for (const document of opened.documents) {
    if (document.content && document.entry.originalFileName) {
      await writeFile(join(out, safeName(document.entry.originalFileName)), document.content);
    }
    for (const signature of document.signatures) {
      const data = files.get(signature.fileName);
      if (data) await writeFile(join(out, safeName(signature.fileName)), data);
    }
  }
}

/** Names come from the container: keep them inside DIR. */
function safeName(name: string): string {
  return basename(name);
}

type Report = {
  container: string;
  valid: boolean;
  docflowId: string;
  documents: Array<{
    type: string;
    fileName?: string;
    problem?: string;
    signatures: Array<{ fileName: string; role: string; verification?: ReturnType<typeof toJson> }>;
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
    if (document.problem) lines.push(`  problem  ${document.problem}`);
    for (const signature of document.signatures) {
      const v = signature.verification;
      const verdict = !v ? 'not checked' : v.valid ? 'VALID' : `INVALID, reason ${v.code} ${v.reason}`;
      lines.push(`  signature ${signature.fileName} (${signature.role}): ${verdict}`);
      if (v?.signer)
        lines.push(`    signer ${v.signer.subject}; ${v.algorithm ?? ''}; ${v.signingTime ?? ''}`);
    }
  }
  return lines.join('\n');
}
