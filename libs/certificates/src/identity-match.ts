import { CertificateIdentity } from './qualified-certificate';

export interface SubscriberIdentity {
  kind: 'company' | 'entrepreneur' | 'person';
  inn: string;
  ogrn?: string | null;
}

export type IdentityMatch = { ok: true } | { ok: false; message: string };

/**
 * Whether a qualified certificate names the subscriber. A company's certificate carries its INN as
 * INNLE (1.2.643.100.4) since 2022; older ones carried it in INN (1.2.643.3.131.1.1), zero-padded to
 * 12 digits. An entrepreneur's and a person's carry the 12-digit INN. OGRN/OGRNIP must agree when both
 * sides know it.
 */
export function matchSubscriberIdentity(
  subscriber: SubscriberIdentity,
  certificate: CertificateIdentity,
): IdentityMatch {
  if (subscriber.kind === 'company') {
    const inns = [certificate.innLe, certificate.inn?.replace(/^00/, '')].filter(Boolean);
    if (!inns.includes(subscriber.inn)) {
      return { ok: false, message: "the certificate's INNLE/INN does not name the subscriber's INN" };
    }
    if (subscriber.ogrn && certificate.ogrn && subscriber.ogrn !== certificate.ogrn) {
      return { ok: false, message: "the certificate's OGRN is not the subscriber's" };
    }
    return { ok: true };
  }
  if (certificate.inn !== subscriber.inn) {
    return { ok: false, message: "the certificate's INN is not the subscriber's" };
  }
  if (
    subscriber.kind === 'entrepreneur' &&
    subscriber.ogrn &&
    certificate.ogrnip &&
    subscriber.ogrn !== certificate.ogrnip
  ) {
    return { ok: false, message: "the certificate's OGRNIP is not the subscriber's" };
  }
  return { ok: true };
}
