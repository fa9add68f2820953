import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { certificateIdOfPem } from '@tks/testing';

const run = promisify(execFile);

/** A taxpayer with a GOST certificate from the local test CA, signing as its own software would. */
export interface OpensslClientSigner {
  pem: string;
  certificateId: string;
  /** A detached CAdES-BES signature (DER) with Streebog-256, made by OpenSSL's GOST engine. */
  sign(content: Buffer): Promise<Buffer>;
}

export async function opensslClientSigner(
  pkiDir: string,
  commonName: string,
  company: { org: string; innLe: string; ogrn: string },
): Promise<OpensslClientSigner> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-e2e-client-'));
  await run(
    join(__dirname, '..', '..', '..', 'infra', 'pki', 'issue-test-certificate.sh'),
    ['--cn', commonName, '--org', company.org, '--innle', company.innLe, '--ogrn', company.ogrn].concat([
      '--gost',
      '256',
      '--out',
      dir,
      '--days',
      '30',
    ]),
    { env: { ...process.env, TKS_PKI_DIR: pkiDir } },
  );
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'certificate.pem')];
  const pem = await readFile(cert, 'utf8');
  let count = 0;
  const sign = async (content: Buffer): Promise<Buffer> => {
    const input = join(dir, `content-${(count += 1)}`);
    await writeFile(input, content);
    await run('openssl', [
      ...['cms', '-sign', '-engine', 'gost', '-binary', '-cades', '-md', 'md_gost12_256'],
      ...['-outform', 'DER', '-signer', cert, '-inkey', key, '-in', input, '-out', `${input}.p7s`],
    ]);
    return readFile(`${input}.p7s`);
  };
  return { pem, certificateId: certificateIdOfPem(pem), sign };
}
