import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decryptPrivateKey } from '@tks/crypto';
import { requireEnv } from './test-environment';

/**
 * The local deployment's tax office key files (infra/pki/init-gost-keys.sh): the GOST key pair the
 * signer encrypts containers for and the simulated tax office decrypts them with.
 */
export function taxOfficeKeyFiles(): { certificate: string; key: string; password: string } {
  const dir = join(requireEnv('TKS_KEYS_DIR'), 'tax-office');
  return {
    certificate: join(dir, 'certificate.pem'),
    key: join(dir, 'key.pem'),
    password: join(dir, 'password'),
  };
}

/** The tax office's certificate and PKCS#8 key, as openContainer takes a recipient key. */
export async function taxOfficeRecipientKey(): Promise<{ certificate: string; privateKeyPkcs8: Uint8Array }> {
  const files = taxOfficeKeyFiles();
  const password = await readFile(files.password);
  try {
    return {
      certificate: await readFile(files.certificate, 'utf8'),
      privateKeyPkcs8: decryptPrivateKey(await readFile(files.key, 'utf8'), password),
    };
  } finally {
    password.fill(0);
  }
}
