import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface OpensslResult {
  ok: boolean;
  output: string;
}

/**
 * Verifies a detached DER CMS signature with the OpenSSL command line: the independent verifier.
 * The GOST engine (libengine-gost-openssl) is loaded, so GOST R 34.10-2012 signatures and
 * certificates verify as well as ECDSA and RSA ones.
 */
export async function opensslVerifyDetached(
  content: Buffer,
  signature: Buffer,
  caFile: string,
): Promise<OpensslResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-openssl-'));
  const contentFile = join(dir, 'content');
  const signatureFile = join(dir, 'signature.p7s');
  await writeFile(contentFile, content);
  await writeFile(signatureFile, signature);
  try {
    const { stdout, stderr } = await run('openssl', [
      'cms',
      '-verify',
      '-engine',
      'gost',
      '-binary',
      '-inform',
      'DER',
      '-in',
      signatureFile,
      '-content',
      contentFile,
      '-CAfile',
      caFile,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The OIDs of a CMS signature's first SignerInfo, as OpenSSL (with the GOST engine) reads them. */
export interface SignerAlgorithms {
  readonly digest: string;
  readonly signature: string;
}

/** `openssl cms -cmsout -print` (with the GOST engine) of a DER CMS: what OpenSSL reads in it. */
export async function opensslCmsPrint(cms: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-openssl-print-'));
  const file = join(dir, 'message.cms');
  await writeFile(file, cms);
  const { stdout } = await run('openssl', [
    'cms',
    '-engine',
    'gost',
    '-cmsout',
    '-print',
    '-inform',
    'DER',
    '-in',
    file,
  ]);
  return stdout;
}

export async function opensslSignerAlgorithms(signature: Buffer): Promise<SignerAlgorithms> {
  const stdout = await opensslCmsPrint(signature);
  const oidAfter = (field: string) => {
    const match = new RegExp(`${field}: *\\n *algorithm: [^\\n]*\\(([0-9.]+)\\)`).exec(stdout);
    if (!match) throw new Error(`openssl cms -print shows no ${field}`);
    return match[1];
  };
  return { digest: oidAfter('digestAlgorithm'), signature: oidAfter('signatureAlgorithm') };
}

/** Detached CAdES-BES signatures by OpenSSL (`cms -sign -cades`), as a client's own tool makes them. */
export function opensslDetachedSigner(
  certificateFile: string,
  keyFile: string,
): (content: Buffer) => Promise<Buffer> {
  let signatures = 0;
  return async (content) => {
    const dir = await mkdtemp(join(tmpdir(), 'tks-openssl-sign-'));
    const input = join(dir, `content-${(signatures += 1)}`);
    await writeFile(input, content);
    await run('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-cades',
      '-md',
      'sha256',
      '-outform',
      'DER',
      '-signer',
      certificateFile,
      '-inkey',
      keyFile,
      '-in',
      input,
      '-out',
      `${input}.p7s`,
    ]);
    return readFile(`${input}.p7s`);
  };
}

/** The registry's certificate id: SHA-256 of the DER, hex. */
export function certificateIdOfPem(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex');
}
