import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface OpensslResult {
  ok: boolean;
  output: string;
}

/** Verifies a detached DER CMS signature with the OpenSSL command line: the independent verifier. */
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
