import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
// The GOST engine's own module, not @tks/crypto's index: that loads the PKCS#11 module, which a pure
// certificate library must not need. It depends on nothing but PKI.js and the GOST library.
import { createGostEngine } from '../../crypto/src/gost-engine';

/**
 * The engine that checks certificate and CRL signatures. Passed in (as every crypto of the project),
 * so that the registry can hand over the GOST engine of @tks/crypto: WebCrypto, which @peculiar/x509
 * verifies with, knows no GOST R 34.10-2012, and qualified certificates are GOST-signed.
 */
export type SignatureEngine = pkijs.ICryptoEngine;

/**
 * What applies when no engine is given: GOST R 34.10-2012 (256 and 512), and ECDSA, RSA and EdDSA
 * through WebCrypto. A qualified-certificate check that cannot verify GOST would call every
 * accredited CA's certificate forged, so GOST is the default, not an option callers must remember.
 * One engine serves every check: it holds no state of its own (no offload is given).
 */
let sharedEngine: SignatureEngine | undefined;
export const defaultSignatureEngine = (): SignatureEngine => (sharedEngine ??= createGostEngine());

const parsed = <T>(der: ArrayBuffer, make: (schema: asn1js.AsnType) => T): T =>
  make(asn1js.fromBER(der).result);

/**
 * Verdicts already reached, per engine: whether a key verifies a signature depends on the two
 * encodings alone, and every filing's check walks the same few CA certificates and CRLs, whose
 * parsing and verification were a large part of a filing's cost. A new CRL or certificate has
 * other bytes, so it is verified afresh. Bounded: the oldest verdicts go first.
 */
const VERDICTS_KEPT = 4096;
const verdicts = new WeakMap<SignatureEngine, Map<string, Promise<boolean>>>();

function remembered(
  engine: SignatureEngine,
  signed: ArrayBuffer,
  signer: ArrayBuffer,
  verify: () => Promise<boolean>,
): Promise<boolean> {
  let known = verdicts.get(engine);
  if (!known) verdicts.set(engine, (known = new Map()));
  const key = createHash('sha256')
    .update(new Uint8Array(signed))
    .update(new Uint8Array(signer))
    .digest('base64');
  const found = known.get(key);
  if (found) return found;
  const verdict = verify();
  known.set(key, verdict);
  if (known.size > VERDICTS_KEPT) known.delete(known.keys().next().value as string);
  return verdict;
}

/** Whether `issuer`'s key verifies the signature of `certificate`; false, never a throw, when it does not. */
export async function issuerSignedCertificate(
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  engine: SignatureEngine,
): Promise<boolean> {
  return remembered(engine, certificate.rawData, issuer.rawData, () => {
    const subject = parsed(certificate.rawData, (schema) => new pkijs.Certificate({ schema }));
    const signer = parsed(issuer.rawData, (schema) => new pkijs.Certificate({ schema }));
    return subject.verify(signer, engine).catch(() => false);
  });
}

/** Whether `issuer`'s key verifies the signature of `crl`. */
export async function issuerSignedCrl(
  crl: x509.X509Crl,
  issuer: x509.X509Certificate,
  engine: SignatureEngine,
): Promise<boolean> {
  return remembered(engine, crl.rawData, issuer.rawData, () => {
    const list = parsed(crl.rawData, (schema) => new pkijs.CertificateRevocationList({ schema }));
    const signer = parsed(issuer.rawData, (schema) => new pkijs.Certificate({ schema }));
    return list.verify({ issuerCertificate: signer }, engine).catch(() => false);
  });
}

/**
 * The chain from `certificate` up to a self-signed trusted CA (or as far as the anchors reach):
 * each next link is an anchor whose subject is the issuer's name and whose key verifies the
 * signature. Only `certificate` itself when no anchor signed it.
 */
export async function buildChain(
  certificate: x509.X509Certificate,
  anchors: readonly x509.X509Certificate[],
  engine: SignatureEngine,
): Promise<x509.X509Certificate[]> {
  const chain = [certificate];
  // Eight links are more than any accredited CA's hierarchy; the bound stops a loop of cross-signs.
  for (let current = certificate; chain.length < 8 && current.subject !== current.issuer;) {
    let next: x509.X509Certificate | undefined;
    for (const candidate of anchors.filter((ca) => ca.subject === current.issuer)) {
      if (await issuerSignedCertificate(current, candidate, engine)) {
        next = candidate;
        break;
      }
    }
    if (!next || chain.includes(next)) break;
    chain.push(next);
    current = next;
  }
  return chain;
}
