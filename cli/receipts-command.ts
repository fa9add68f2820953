import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGostEngine, derToPem, verifyDetached } from '@tks/crypto';
import { FilingBody, GatewayClient } from './gateway-client';

export const receiptsUsage = `  tks receipts FILING_ID --out DIR [--api-key KEY] [--json]
      downloads every receipt of a filing, and the subscriber's receipt notices of them (IZ_),
      each with its signature (<file>.sig) and the issuer's
      certificate taken from the signature (<file>.cer.pem), and verifies each offline; check them
      again with: openssl cms -verify -binary -inform DER -in F.sig -content F -CAfile CA.pem -purpose any`;

/**
 * The documents of a docflow that `tks receipts` writes, in the docflow's order, each with its
 * `<kind>-signature` document: the receipts, then the subscriber's receipt notices (one per
 * answer, paired with their signatures by the answer they acknowledge).
 */
const RECEIPT_KINDS = [
  'sending-date-confirmation',
  'acceptance-receipt',
  'refusal-notice',
  'input-notice',
  'clarification-notice',
  'receipt-notice',
] as const;

type FilingDocument = FilingBody['documents'][number];

/** Each document of those kinds with its signature; the pairs of receipt notices match on `acknowledges`. */
function signedDocuments(filing: FilingBody): Array<{ document: FilingDocument; signature: FilingDocument }> {
  return RECEIPT_KINDS.flatMap((kind) =>
    filing.documents
      .filter((d) => d.kind === kind)
      .flatMap((document) => {
        const signature = filing.documents.find(
          (d) => d.kind === `${kind}-signature` && d.acknowledges === document.acknowledges,
        );
        return signature ? [{ document, signature }] : [];
      }),
  );
}

interface Downloaded {
  kind: string;
  file: string;
  signature: string;
  certificate: string | null;
  valid: boolean;
  reason: string;
  signer: string | null;
}

/** Exit codes: 0 every receipt downloaded and its signature valid, 1 otherwise, 2 wrong usage. */
export async function runReceiptsCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      gateway: { type: 'string' },
      'api-key': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [filingId] = positionals;
  if (!filingId || !values.out) {
    process.stderr.write(`receipts needs FILING_ID and --out DIR\n\n${receiptsUsage}\n`);
    return 2;
  }
  const client = new GatewayClient(
    values.gateway ?? process.env.TKS_GATEWAY_URL ?? 'http://127.0.0.1:3000',
    values['api-key'] ?? process.env.TKS_API_KEY,
  );
  const filing = await client.filing(filingId);
  await mkdir(values.out, { recursive: true });
  const results = await downloadReceipts(client, filing, values.out);
  if (values.json) {
    process.stdout.write(
      JSON.stringify({ filingId, status: filing.status, receipts: results }, null, 2) + '\n',
    );
  } else {
    for (const r of results) {
      process.stdout.write(
        `${r.valid ? 'valid  ' : 'INVALID'}  ${r.kind.padEnd(26)} ${r.file}  (${r.reason}${r.signer ? `, ${r.signer}` : ''})\n`,
      );
    }
    if (results.length === 0) process.stdout.write(`no receipts yet (status ${filing.status})\n`);
  }
  return results.length > 0 && results.every((r) => r.valid) ? 0 : 1;
}

export async function downloadReceipts(
  client: GatewayClient,
  filing: FilingBody,
  dir: string,
): Promise<Downloaded[]> {
  const results: Downloaded[] = [];
  const engine = createGostEngine();
  for (const { document: receipt, signature: signatureDoc } of signedDocuments(filing)) {
    const kind = receipt.kind;
    const [content, signature] = await Promise.all([
      client.download(receipt.href),
      client.download(signatureDoc.href),
    ]);
    const file = join(dir, safeName(receipt.fileName));
    const signatureFile = `${file}.sig`;
    await writeFile(file, content);
    await writeFile(signatureFile, signature);
    // GOST R 34.10-2012 (the default keys) and ECDSA/RSA alike. Without trusted certificates:
    // integrity and the signer's own certificate; the chain is checked with the CA's certificate
    // (tks verify --ca, openssl -CAfile).
    const verdict = await verifyDetached({ signature, content, engine });
    let certificateFile: string | null = null;
    if (verdict.certificate) {
      certificateFile = `${file}.cer.pem`;
      const der = new Uint8Array(verdict.certificate.toSchema(true).toBER(false));
      await writeFile(certificateFile, derToPem(der, 'CERTIFICATE'));
    }
    results.push({
      kind,
      file,
      signature: signatureFile,
      certificate: certificateFile,
      valid: verdict.valid,
      reason: verdict.reason,
      signer: verdict.signer?.subject ?? null,
    });
  }
  return results;
}

/** The gateway names the files; a hostile name must not leave DIR. */
const safeName = (name: string): string => name.replace(/[/\\]/g, '_').replace(/^\.+/, '_');
