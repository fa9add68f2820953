import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGostEngine, derToPem, verifyDetached } from '@tks/crypto';
import { GatewayError, ProblemBody } from './gateway-client';

export const evidenceUsage = `  tks evidence FILING_ID --out DIR [--timeout-seconds S] [--api-key KEY] [--json]
      the operator's signed statement of the filing's documents (SHA-256) and their sending and delivery
      times: DIR/evidence.json (the signed bytes), evidence.json.p7s (detached CMS, DER) and the
      operator's certificate (evidence.json.cer.pem), checked offline; check it again with:
      openssl cms -verify -engine gost -binary -inform DER -in evidence.json.p7s -content evidence.json -CAfile CA.pem -purpose any`;

/** GET /filings/{id}/evidence as the gateway answers it: 202 while pending, 200 once signed. */
export interface EvidenceBody {
  filingId: string;
  statementSha256: string;
  status: 'pending' | 'signed';
  statement?: string;
  signature?: string;
  signer?: { algorithm: string; subject: string; serialNumber: string; signingTime: string };
  requestedAt: string;
}

/** Asks for the evidence until it is signed, waiting as long as the gateway's Retry-After says. */
export async function fetchSignedEvidence(
  baseUrl: string,
  apiKey: string | undefined,
  filingId: string,
  timeoutMs: number,
): Promise<EvidenceBody & { statement: string; signature: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(
      new URL(`/api/v1/filings/${encodeURIComponent(filingId)}/evidence`, baseUrl),
      {
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      },
    );
    const body = (await response.json()) as EvidenceBody | ProblemBody;
    if (!response.ok) throw new GatewayError(body as ProblemBody);
    const evidence = body as EvidenceBody;
    if (evidence.status === 'signed' && evidence.statement && evidence.signature)
      return { ...evidence, statement: evidence.statement, signature: evidence.signature };
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for the evidence of filing ${filingId} to be signed`,
      );
    const retryAfterS = Number(response.headers.get('retry-after') ?? '1');
    await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(retryAfterS, 0.25), 10) * 1000));
  }
}

/** Exit codes: 0 the statement is signed and its signature valid, 1 otherwise, 2 wrong usage. */
export async function runEvidenceCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      gateway: { type: 'string' },
      'api-key': { type: 'string' },
      'timeout-seconds': { type: 'string', default: '60' },
      json: { type: 'boolean', default: false },
    },
  });
  const [filingId] = positionals;
  if (!filingId || !values.out) {
    process.stderr.write(`evidence needs FILING_ID and --out DIR\n\n${evidenceUsage}\n`);
    return 2;
  }
  const evidence = await fetchSignedEvidence(
    values.gateway ?? process.env.TKS_GATEWAY_URL ?? 'http://127.0.0.1:3000',
    values['api-key'] ?? process.env.TKS_API_KEY,
    filingId,
    Number(values['timeout-seconds']) * 1000,
  );
  const content = Buffer.from(evidence.statement, 'utf8');
  const signature = Buffer.from(evidence.signature, 'base64');
  await mkdir(values.out, { recursive: true });
  const file = join(values.out, 'evidence.json');
  await writeFile(file, content);
  await writeFile(`${file}.p7s`, signature);
  // Integrity and the signer's own certificate; the chain to the operator's CA is openssl's -CAfile.
  const verdict = await verifyDetached({ signature, content, engine: createGostEngine() });
  let certificate: string | null = null;
  if (verdict.certificate) {
    certificate = `${file}.cer.pem`;
    const der = new Uint8Array(verdict.certificate.toSchema(true).toBER(false));
    await writeFile(certificate, derToPem(der, 'CERTIFICATE'));
  }
  const result = {
    filingId,
    statementSha256: evidence.statementSha256,
    file,
    signature: `${file}.p7s`,
    certificate,
    valid: verdict.valid,
    reason: verdict.reason,
    signer: verdict.signer?.subject ?? null,
    signingTime: evidence.signer?.signingTime ?? null,
  };
  if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else
    process.stdout.write(
      `${verdict.valid ? 'valid  ' : 'INVALID'}  ${file}  (${verdict.reason}${result.signer ? `, ${result.signer}` : ''}` +
        `${result.signingTime ? `, signed ${result.signingTime}` : ''})\n`,
    );
  return verdict.valid ? 0 : 1;
}
