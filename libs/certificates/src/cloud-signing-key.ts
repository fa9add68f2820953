import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CertificateState } from '@tks/contracts';
import { certificateUsability } from './certificate-usability';

/** A key pair generated on the operator's token for the subscriber, with its PKCS#10 request. */
export interface SubscriberTokenKey {
  readonly keyLabel: string;
  readonly csrPem: string;
}

export interface CloudSigningKey {
  readonly keyLabel: string;
  readonly certificateId: string;
  readonly certificateDer: Uint8Array;
}

export type CloudKeyChoice = { ok: true; key: CloudSigningKey } | { ok: false; reason: string };

/**
 * The key a cloud signature is made with (issue 10): a usable certificate of the subscriber (bound,
 * in date, valid, registered with the tax authority; the current one first, then one in its grace
 * period) whose public key is that of a key pair generated on the token for this subscriber. The
 * match is by SubjectPublicKeyInfo: the CA certified exactly the key of the request. Clock-free; the
 * gateway asks it at intake (may this filing wait for consent?), the signer when it signs.
 */
export function chooseCloudKey(
  certificates: readonly CertificateState[],
  tokenKeys: readonly SubscriberTokenKey[],
  now: Date,
): CloudKeyChoice {
  if (tokenKeys.length === 0) {
    return { ok: false, reason: 'the subscriber has no key on the operator’s HSM' };
  }
  const keyBySpki = new Map(
    tokenKeys.map((key) => [spkiHex(new x509.Pkcs10CertificateRequest(key.csrPem).publicKey.rawData), key]),
  );
  const usable = certificates
    .filter((c) => certificateUsability(c, now).usable)
    .sort((a, b) => Number(b.lifecycle === 'current') - Number(a.lifecycle === 'current'));
  for (const certificate of usable) {
    const der = new Uint8Array(Buffer.from(certificate.der, 'base64'));
    const key = keyBySpki.get(spkiHex(new x509.X509Certificate(der).publicKey.rawData));
    if (key) {
      const certificateId = createHash('sha256').update(der).digest('hex');
      return { ok: true, key: { keyLabel: key.keyLabel, certificateId, certificateDer: der } };
    }
  }
  return {
    ok: false,
    reason:
      usable.length === 0
        ? 'the subscriber has no usable registered certificate'
        : 'no usable registered certificate of the subscriber certifies its key on the operator’s HSM',
  };
}

const spkiHex = (spki: ArrayBuffer): string => Buffer.from(spki).toString('hex');
