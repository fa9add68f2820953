import * as x509 from '@peculiar/x509';
import { buildChain, defaultSignatureEngine, issuerSignedCrl, SignatureEngine } from './issuer-signature';
import { TrustAnchors } from './trust-store';

/**
 * What a certificate check reports, as the public checkers do (domain README, "Qualified
 * certificates"). Numbered in the order the checks run; the first failing one is the verdict.
 */
export const CERTIFICATE_STATUSES = {
  valid: { number: 0, title: 'Certificate is valid' },
  untrusted: { number: 1, title: 'Certificate was not issued by a trusted CA' },
  'signature-invalid': { number: 2, title: "The certificate's own signature is invalid" },
  'not-yet-valid': { number: 3, title: 'Certificate is not yet valid' },
  expired: { number: 4, title: 'Certificate has expired' },
  revoked: { number: 5, title: 'Certificate is revoked' },
  'status-unknown': { number: 6, title: 'Revocation status could not be checked' },
} as const;
export type CertificateStatus = keyof typeof CERTIFICATE_STATUSES;

export interface CertificateStatusResult {
  status: CertificateStatus;
  number: number;
  title: string;
  detail?: string;
  checkedAt: Date;
  /** Subjects from the certificate up to the trusted CA, when a chain was built. */
  chain: string[];
}

/**
 * Checks a certificate against trusted CAs and their CRLs: the chain (each signature verified by
 * the engine, GOST-capable by default), then the validity period
 * (RFC 5280 §4.1.2.5, both ends inclusive), then the issuer's CRL (RFC 5280 §6.3: a CRL past its
 * nextUpdate, or none, leaves the status unknown).
 */
export async function checkCertificateStatus(
  certificate: x509.X509Certificate,
  anchors: TrustAnchors,
  at: Date,
  engine: SignatureEngine = defaultSignatureEngine(),
): Promise<CertificateStatusResult> {
  const verdict = (status: CertificateStatus, chain: string[], detail?: string): CertificateStatusResult => ({
    status,
    ...CERTIFICATE_STATUSES[status],
    detail,
    checkedAt: at,
    chain,
  });

  const built = await buildChain(certificate, anchors.certificates, engine);
  const chain = built.map((c) => c.subject);
  const issuer = built[1];
  if (!issuer) {
    const namesakes = anchors.certificates.filter((ca) => ca.subject === certificate.issuer);
    if (namesakes.length === 0)
      return verdict('untrusted', chain, `issuer "${certificate.issuer}" is not a trusted CA`);
    // A trusted CA of that name exists but none verifies the signature: forged or altered.
    return verdict(
      'signature-invalid',
      chain,
      `no trusted "${certificate.issuer}" key verifies the signature`,
    );
  }

  // Every certificate of the chain must be inside its validity period (RFC 5280 §6.1.3 (a)(2)).
  for (const item of built) {
    if (at.getTime() < item.notBefore.getTime()) {
      return verdict('not-yet-valid', chain, `${item.subject} is valid from ${item.notBefore.toISOString()}`);
    }
    if (at.getTime() > item.notAfter.getTime()) {
      return verdict('expired', chain, `${item.subject} expired at ${item.notAfter.toISOString()}`);
    }
  }

  for (let i = 0; i + 1 < built.length; i++) {
    const revocation = await revocationOf(built[i], built[i + 1], anchors.crls, at, engine);
    if (revocation.status !== 'good') return verdict(revocation.status, chain, revocation.detail);
  }
  return verdict('valid', chain);
}

type Revocation = { status: 'good' } | { status: 'revoked' | 'status-unknown'; detail: string };

async function revocationOf(
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  crls: readonly x509.X509Crl[],
  at: Date,
  engine: SignatureEngine,
): Promise<Revocation> {
  const candidates: x509.X509Crl[] = [];
  for (const crl of crls) {
    if (crl.issuer !== issuer.subject) continue;
    const signed = await issuerSignedCrl(crl, issuer, engine);
    if (signed) candidates.push(crl);
  }
  if (candidates.length === 0) {
    return { status: 'status-unknown', detail: `no CRL signed by "${issuer.subject}" is available` };
  }
  const current = candidates
    .filter((crl) => crl.thisUpdate.getTime() <= at.getTime())
    .sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime())[0];
  if (!current) return { status: 'status-unknown', detail: 'every CRL was issued after the time checked' };
  const entry = current.findRevoked(certificate);
  if (entry && entry.revocationDate.getTime() <= at.getTime()) {
    return {
      status: 'revoked',
      detail: `${certificate.subject} revoked at ${entry.revocationDate.toISOString()}`,
    };
  }
  if (current.nextUpdate && current.nextUpdate.getTime() < at.getTime()) {
    return {
      status: 'status-unknown',
      detail: `the newest CRL of "${issuer.subject}" expired at ${current.nextUpdate.toISOString()}`,
    };
  }
  return { status: 'good' };
}
