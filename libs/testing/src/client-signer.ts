import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { certificateIdOfPem } from './openssl';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');

/** A taxpayer with a GOST certificate from the local test CA, signing as its own software would. */
export interface OpensslClientSigner {
  /** The certificate, PEM, and its id (SHA-256 of the DER, hex) as the registry names it. */
  pem: string;
  certificateId: string;
  /** A detached CAdES-BES signature (DER) with Streebog-256, made by OpenSSL's GOST engine. */
  sign(content: Buffer): Promise<Buffer>;
}

export interface TestCompany {
  org: string;
  innLe: string;
  ogrn: string;
}

export const SBERBANK: TestCompany = { org: 'ПАО Сбербанк', innLe: '7707083893', ogrn: '1027700132195' };

/**
 * A GOST R 34.10-2012 (256) key and a qualified certificate of `company` from the GOST test CA,
 * made with the script the README gives operators (its subject carries INNLE and OGRN, which the
 * registry matches against the subscriber), and detached CAdES-BES signatures made by OpenSSL's
 * GOST engine (`cms -sign -cades`), as a taxpayer's own signing tool would.
 */
export async function opensslClientSigner(
  pkiDir: string,
  commonName: string,
  company: TestCompany = SBERBANK,
): Promise<OpensslClientSigner> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-test-client-'));
  await run(
    join(root, 'infra', 'pki', 'issue-test-certificate.sh'),
    [
      ...['--cn', commonName, '--org', company.org, '--innle', company.innLe, '--ogrn', company.ogrn],
      ...['--gost', '256', '--out', dir, '--days', '30'],
    ],
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
