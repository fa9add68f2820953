import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
// The module itself, not @tks/crypto's index, which loads the PKCS#11 module (see issuer-signature.ts).
import { readSignedDataToVerify } from '../../crypto/src/cms-reader';

const SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

export interface SignerCertificate {
  /** SHA-256 of the DER, lower-case hex: the certificate id the registry gives it. */
  readonly certificateId: string;
  readonly der: Uint8Array;
}

export type SignerCertificates =
  { ok: true; certificates: SignerCertificate[] } | { ok: false; message: string };

/**
 * The certificate of each signer of a CMS SignedData (RFC 5652 §5.3: the embedded certificate its
 * SignerInfo's sid names), without verifying anything: that stays with the signer service. Here so
 * the gateway can tell whose certificate a client's signature claims without loading a crypto engine.
 */
export function signerCertificates(cms: Uint8Array): SignerCertificates {
  let signedData: pkijs.SignedData;
  let embedded: ReadonlyArray<{ certificate: pkijs.Certificate; der: Uint8Array }>;
  try {
    // The verifier's reader: the signer verifies the same bytes right after asking whose they are.
    ({ signedData, certificates: embedded } = readSignedDataToVerify(cms));
  } catch (error) {
    return {
      ok: false,
      message: `the signature is not a CMS SignedData: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (signedData.signerInfos.length === 0) return { ok: false, message: 'the signature has no signer' };
  const found: SignerCertificate[] = [];
  for (const signerInfo of signedData.signerInfos) {
    const match = findBySid(signerInfo.sid, embedded);
    if (!match) {
      return { ok: false, message: 'the signer’s certificate is not embedded in the signature' };
    }
    found.push({ certificateId: createHash('sha256').update(match.der).digest('hex'), der: match.der });
  }
  return { ok: true, certificates: found };
}

function findBySid(
  sid: unknown,
  certificates: ReadonlyArray<{ certificate: pkijs.Certificate; der: Uint8Array }>,
): { certificate: pkijs.Certificate; der: Uint8Array } | undefined {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find(
      ({ certificate }) =>
        certificate.issuer.isEqual(sid.issuer) && certificate.serialNumber.isEqual(sid.serialNumber),
    );
  }
  const keyId = sidKeyIdentifier(sid);
  if (!keyId) return undefined;
  return certificates.find(({ certificate }) => keyIdentifier(certificate).equals(keyId));
}

/** sid [0] SubjectKeyIdentifier, as PKI.js leaves it: an OCTET STRING, primitive or wrapped. */
function sidKeyIdentifier(sid: unknown): Buffer | undefined {
  if (sid instanceof asn1js.Constructed && sid.valueBlock.value[0] instanceof asn1js.OctetString) {
    return Buffer.from(sid.valueBlock.value[0].valueBlock.valueHexView);
  }
  if (sid instanceof asn1js.Primitive) return Buffer.from(sid.valueBlock.valueHexView);
  return undefined;
}

/** The certificate's own extension, else RFC 5280 §4.2.1.2 method 1 (SHA-1 of the key bits). */
function keyIdentifier(certificate: pkijs.Certificate): Buffer {
  const extension = certificate.extensions?.find((candidate) => candidate.extnID === SUBJECT_KEY_IDENTIFIER);
  if (extension?.parsedValue instanceof asn1js.OctetString) {
    return Buffer.from(extension.parsedValue.valueBlock.valueHexView);
  }
  const publicKey = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return createHash('sha1').update(publicKey).digest();
}
