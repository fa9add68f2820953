import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { checkCertificateStatus, loadTrustAnchors, TrustAnchors } from '@tks/certificates';
import { CertificateVerdict } from './tax-office-checks';

/**
 * The tax office's own trust list: every CA certificate and CRL in the configured directories
 * (TAX_OFFICE_TRUST_DIRS), read at start. The tax service checks each signature's certificate against
 * the accredited CAs and their revocation lists; this is that check, with libs/certificates.
 */
export async function loadTrustList(directories: readonly string[]): Promise<TrustAnchors> {
  const loaded = await Promise.all(
    directories.map((dir) =>
      loadTrustAnchors(dir).catch((error: unknown) => {
        throw new Error(`TAX_OFFICE_TRUST_DIRS: cannot read ${dir}: ${String(error)}`);
      }),
    ),
  );
  const anchors: TrustAnchors = {
    certificates: loaded.flatMap((a) => a.certificates),
    crls: loaded.flatMap((a) => a.crls),
    skipped: loaded.flatMap((a) => a.skipped),
  };
  if (anchors.certificates.length === 0) {
    throw new Error(`TAX_OFFICE_TRUST_DIRS: no CA certificate in ${directories.join(', ')}`);
  }
  return anchors;
}

/** The CA certificates' DER, for the CMS verifier's chain check. */
export const trustedDer = (anchors: TrustAnchors): Uint8Array[] =>
  anchors.certificates.map((c) => new Uint8Array(c.rawData));

export function certificateStatusOn(
  anchors: TrustAnchors,
): (certificate: pkijs.Certificate, at: Date) => Promise<CertificateVerdict> {
  return async (certificate, at) => {
    const der = certificate.toSchema().toBER(false);
    const result = await checkCertificateStatus(new x509.X509Certificate(der), anchors, at);
    return { status: result.status, number: result.number, detail: result.detail };
  };
}
