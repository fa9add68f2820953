import { readFile } from 'node:fs/promises';
import { readCertificate } from './certificate';
import { decryptPrivateKey, isEncryptedPrivateKeyPem } from './encrypted-private-key';
import { CryptoError } from './errors';
import { importPrivateKey } from './software-provider';
import { SigningIdentity } from './signing-provider';

/** A signing key kept as files: the encrypted key, its certificate, and the file with its password. */
export interface KeyFiles {
  /** Encrypted PKCS#8 (PEM "ENCRYPTED PRIVATE KEY"), e.g. from `openssl genpkey -engine gost … -aes-256-cbc`. */
  readonly keyFile: string;
  readonly certificateFile: string;
  /** The password alone; one trailing newline is ignored (editors add one). */
  readonly passwordFile: string;
}

/**
 * Reads a key file set: the decrypted PKCS#8 and the certificate's PEM. The key must be encrypted
 * at rest: a plain PKCS#8 file is refused, as a token refuses to export a sensitive key. The
 * password lives only in memory and only while the key is decrypted; the caller owns the PKCS#8
 * and zeroes it when done.
 */
export async function readKeyFiles(files: KeyFiles): Promise<{ pkcs8: Uint8Array; certificatePem: string }> {
  const [keyPem, certificatePem, password] = await Promise.all([
    readKeyFile(files.keyFile, 'key'),
    readKeyFile(files.certificateFile, 'certificate'),
    readKeyFile(files.passwordFile, 'password'),
  ]);
  try {
    const keyText = keyPem.toString('utf8');
    if (!isEncryptedPrivateKeyPem(keyText)) {
      throw new CryptoError(
        'PRIVATE_KEY_NOT_ENCRYPTED',
        `${files.keyFile} is not an encrypted PKCS#8 key (PEM "ENCRYPTED PRIVATE KEY"); keys are kept ` +
          'encrypted at rest, e.g. openssl pkcs8 -topk8 -v2 aes-256-cbc',
      );
    }
    return {
      pkcs8: decryptPrivateKey(keyText, withoutTrailingNewline(password)),
      certificatePem: certificatePem.toString('utf8'),
    };
  } finally {
    password.fill(0);
    keyPem.fill(0);
  }
}

/**
 * Reads a key file set into a signing identity. GOST R 34.10-2012 keys (256 and 512) sign through
 * the GOST engine; ECDSA and RSA keys through WebCrypto. The decrypted key lives only as long as
 * the import needs it.
 */
export async function loadKeyFileIdentity(label: string, files: KeyFiles): Promise<SigningIdentity> {
  const { pkcs8, certificatePem } = await readKeyFiles(files);
  try {
    const { certificate, der } = readCertificate(certificatePem);
    const privateKey = await importPrivateKey(pkcs8, certificate);
    return { label, privateKey, certificate, certificateDer: der };
  } finally {
    pkcs8.fill(0);
  }
}

async function readKeyFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CryptoError('KEY_FILE_UNREADABLE', `Cannot read the ${what} file ${path} (${code})`);
  }
}

function withoutTrailingNewline(bytes: Buffer): Buffer {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end -= 1;
  if (end > 0 && bytes[end - 1] === 0x0d) end -= 1;
  return bytes.subarray(0, end);
}
