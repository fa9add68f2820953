import type { CertificateState } from '@tks/contracts';

export type CertificateUsability = { usable: true } | { usable: false; reason: string };

/**
 * Whether a certificate of the read model may sign a filing at `now` (issue 5, "Authority"): bound
 * and not ended (`current`, or `superseded` with `usableUntil` still ahead), within its validity,
 * the checkers' status `valid`, and registered with the tax authority. Clock-free: the caller says
 * when "now" is.
 */
export function certificateUsability(certificate: CertificateState, now: Date): CertificateUsability {
  const at = now.getTime();
  switch (certificate.lifecycle) {
    case 'revoked':
      return unusable('revoked');
    case 'retired':
    case 'unbound':
      return unusable(`${certificate.lifecycle}`);
    case 'superseded':
      if (!certificate.usableUntil || Date.parse(certificate.usableUntil) <= at) {
        return unusable(`superseded by a reissue, usable until ${certificate.usableUntil ?? 'the reissue'}`);
      }
      break;
    case 'current':
      break;
  }
  if (Date.parse(certificate.notBefore) > at) return unusable(`not valid before ${certificate.notBefore}`);
  if (Date.parse(certificate.notAfter) <= at) return unusable(`expired on ${certificate.notAfter}`);
  if (certificate.status !== 'valid') {
    return unusable(`checker status ${certificate.status}`);
  }
  switch (certificate.taxAuthority.status) {
    case 'pending':
      return unusable('not yet registered with the tax authority');
    case 'rejected':
      return unusable(
        `registration refused by the tax authority${certificate.taxAuthority.reason ? ` (${certificate.taxAuthority.reason})` : ''}`,
      );
    case 'registered':
      return { usable: true };
  }
}

/**
 * Why a subscriber with these certificates cannot file now, or `undefined` when one is usable:
 * a message for the `TKS-CERTIFICATE-REQUIRED` refusal naming what is missing for each.
 */
export function missingCertificate(certificates: readonly CertificateState[], now: Date): string | undefined {
  const bound = certificates.filter((c) => c.lifecycle !== 'unbound');
  if (bound.length === 0) {
    return 'the subscriber has no qualified certificate bound: bind one (POST /subscribers/{id}/certificates)';
  }
  const reasons: string[] = [];
  for (const certificate of bound) {
    const usability = certificateUsability(certificate, now);
    if (usability.usable) return undefined;
    reasons.push(`certificate ${certificate.certificateId.slice(0, 16)}…: ${usability.reason}`);
  }
  return `the subscriber has no usable qualified certificate: ${reasons.join('; ')}`;
}

const unusable = (reason: string): CertificateUsability => ({ usable: false, reason });
