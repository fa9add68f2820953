import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

/** Trusted CA certificates and their CRLs: the accredited CA list of the public checkers, kept locally. */
export interface TrustAnchors {
  readonly certificates: readonly x509.X509Certificate[];
  readonly crls: readonly x509.X509Crl[];
  /** Files that could not be read as a certificate or CRL, with why; reported, never fatal. */
  readonly skipped: ReadonlyArray<{ file: string; reason: string }>;
}

// OpenSSL labels a CRL "X509 CRL" (RFC 7468 §5), @peculiar/x509 writes "CRL": read both.
const BLOCK = /-----BEGIN (CERTIFICATE|X509 CRL|CRL)-----([\s\S]*?)-----END \1-----/g;

/**
 * Reads every `.pem`, `.crt`, `.cer`, `.der` and `.crl` file of a directory. PEM files may hold
 * several certificates and CRLs; DER files hold one of either.
 */
export async function loadTrustAnchors(directory: string): Promise<TrustAnchors> {
  const certificates: x509.X509Certificate[] = [];
  const crls: x509.X509Crl[] = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  const files = (await readdir(directory)).filter((f) => /\.(pem|crt|cer|der|crl)$/i.test(f)).sort();
  for (const file of files) {
    const bytes = await readFile(join(directory, file));
    try {
      const text = bytes.toString('latin1');
      if (text.includes('-----BEGIN')) {
        for (const match of text.matchAll(BLOCK)) {
          const der = Buffer.from(match[2].replace(/\s+/g, ''), 'base64');
          if (match[1] === 'CERTIFICATE') certificates.push(new x509.X509Certificate(der));
          else crls.push(new x509.X509Crl(der));
        }
      } else if (/\.crl$/i.test(file)) {
        crls.push(new x509.X509Crl(bytes));
      } else {
        certificates.push(new x509.X509Certificate(bytes));
      }
    } catch (error) {
      skipped.push({ file, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  // Only CA certificates anchor trust: a leaf dropped into the directory must not vouch for itself.
  const authorities = certificates.filter((c) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true);
  return { certificates: authorities, crls, skipped };
}
