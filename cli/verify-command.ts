import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createGostEngine, pemBlocks, VerificationResult, verifyDetached } from '@tks/crypto';

export const verifyUsage = `  tks verify --content FILE --signature FILE [--ca FILE] [--at TIME] [--json]
      offline check of a detached CMS (CAdES-BES) signature; exit 0 only when it is valid
      --ca  PEM bundle of trusted CA certificates (the chain is then checked too)
      --at  ISO time at which the certificate must also be valid (e.g. when the filing arrived)`;

/** Exit codes: 0 valid, 1 invalid (or unreadable input), 2 wrong usage. */
export async function runVerifyCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      content: { type: 'string' },
      signature: { type: 'string' },
      ca: { type: 'string' },
      at: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.content || !values.signature) {
    process.stderr.write(`verify needs --content FILE and --signature FILE\n\n${verifyUsage}\n`);
    return 2;
  }
  const atTime = values.at === undefined ? undefined : new Date(values.at);
  if (atTime && Number.isNaN(atTime.getTime())) {
    process.stderr.write(`--at ${values.at} is not a time\n`);
    return 2;
  }
  const [content, signature, ca] = await Promise.all([
    readFile(values.content),
    readFile(values.signature),
    values.ca === undefined ? undefined : readFile(values.ca, 'utf8'),
  ]);
  const result = await verifyDetached({
    signature: signatureDer(signature),
    content,
    engine: createGostEngine(),
    trustedCertificates: ca === undefined ? undefined : [ca],
    atTime,
    // An offline check may be of an archived signature: GOST 2001 is verified, and said legacy.
    allowLegacyAlgorithms: true,
  });
  process.stdout.write((values.json ? JSON.stringify(toJson(result), null, 2) : describe(result)) + '\n');
  return result.valid ? 0 : 1;
}

/**
 * Accepts DER as well as the PEM OpenSSL writes with -outform PEM ("CMS" or "PKCS7" blocks); a PEM
 * file that holds neither is passed on as is and reported as MALFORMED_CMS.
 */
export function signatureDer(file: Buffer): Uint8Array {
  if (file.subarray(0, 11).toString('latin1') !== '-----BEGIN ') return new Uint8Array(file);
  const text = file.toString('latin1');
  return pemBlocks(text, 'CMS')[0] ?? pemBlocks(text, 'PKCS7')[0] ?? new Uint8Array(file);
}

export interface VerificationJson {
  readonly valid: boolean;
  readonly code: number;
  readonly reason: string;
  readonly detail?: string;
  readonly signer?: { readonly subject: string; readonly issuer: string; readonly serialNumber: string };
  readonly algorithm?: string;
  readonly signingTime?: string;
  readonly signerCount?: number;
  /** GOST R 34.10-2001 / 34.11-94: valid as an archive at most, not for new filings. */
  readonly legacyAlgorithm: boolean;
}

export function toJson(result: VerificationResult): VerificationJson {
  return {
    valid: result.valid,
    code: result.code,
    reason: result.reason,
    detail: result.detail,
    signer: result.signer,
    algorithm: result.algorithm && `${result.algorithm.signature} with ${result.algorithm.digest}`,
    signingTime: result.signingTime?.toISOString(),
    signerCount: result.signerCount,
    legacyAlgorithm: result.legacyAlgorithm === true,
  };
}

function describe(result: VerificationResult): string {
  const json = toJson(result);
  const verdict = result.valid ? 'VALID' : `INVALID, reason ${json.code} ${json.reason}`;
  const lines = [`signature  ${verdict}`];
  if (json.detail) lines.push(`detail     ${json.detail}`);
  if (json.signer) {
    lines.push(`signer     ${json.signer.subject}`);
    lines.push(`issuer     ${json.signer.issuer}`);
    lines.push(`serial     ${json.signer.serialNumber}`);
  }
  if (json.algorithm) lines.push(`algorithm  ${json.algorithm}`);
  if (json.signingTime) lines.push(`signed at  ${json.signingTime}`);
  if (json.legacyAlgorithm) {
    lines.push('legacy     GOST R 34.10-2001 / 34.11-94: valid as an archive, not for new filings');
  }
  return lines.join('\n');
}
