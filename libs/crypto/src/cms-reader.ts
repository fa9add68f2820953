import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateFromDer, CertificateWithDer } from './certificate';
import { CmsEngine } from './cms-engine';
import { OID } from './oids';

export interface ParsedSignedData {
  readonly signedData: pkijs.SignedData;
  /** Embedded certificates with the bytes as they appear in the CMS, for hashing. */
  readonly certificates: readonly CertificateWithDer[];
}

/**
 * Signatures read lately for verification, by the SHA-256 of their bytes: a container's signatures
 * are verified when it is opened and again by the checks that follow (the tax office's, the
 * signer's), and PKI.js' SignedData parse was the largest single cost of a filing there. Only for
 * readers that change nothing (the verifier); bounded.
 */
const READ_KEPT = 256;
const readLately = new Map<string, ParsedSignedData>();

export function readSignedDataToVerify(der: Uint8Array): ParsedSignedData {
  const key = createHash('sha256').update(der).digest('base64');
  const known = readLately.get(key);
  if (known) return known;
  const parsed = readSignedData(der);
  readLately.set(key, parsed);
  if (readLately.size > READ_KEPT) readLately.delete(readLately.keys().next().value as string);
  return parsed;
}

/** Reads a DER ContentInfo(SignedData); throws with a human-readable reason when it is not one. */
export function readSignedData(der: Uint8Array): ParsedSignedData {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1) {
    throw new Error(`not BER/DER: ${asn1.result.error}`);
  }
  if (asn1.offset !== der.byteLength) {
    throw new Error('trailing bytes after the ContentInfo');
  }
  const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  if (contentInfo.contentType !== OID.signedData) {
    throw new Error(`content type ${contentInfo.contentType} is not signedData`);
  }
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  return { signedData, certificates: embeddedCertificates(contentInfo.content) };
}

/**
 * PKI.js keeps only the TBS bytes of a parsed certificate, so the whole certificate is taken from the
 * [0] IMPLICIT CertificateSet of the raw SignedData (RFC 5652 §5.1) instead of being re-encoded.
 */
function embeddedCertificates(signedDataSchema: unknown): CertificateWithDer[] {
  if (!(signedDataSchema instanceof asn1js.Sequence)) return [];
  const set = signedDataSchema.valueBlock.value.find(
    (element) => element.idBlock.tagClass === 3 && element.idBlock.tagNumber === 0,
  );
  if (!(set instanceof asn1js.Constructed)) return [];
  return set.valueBlock.value
    .filter((element) => element instanceof asn1js.Sequence)
    .map((element) => {
      const der = new Uint8Array(element.valueBeforeDecodeView);
      return { certificate: certificateFromDer(der), der };
    });
}

/** The embedded certificate a SignerInfo's sid names (RFC 5652 §5.3), if any. */
export async function findSignerCertificate(
  signerInfo: pkijs.SignerInfo,
  certificates: readonly CertificateWithDer[],
  engine: CmsEngine,
): Promise<CertificateWithDer | undefined> {
  const sid: unknown = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find(
      ({ certificate }) =>
        certificate.issuer.isEqual(sid.issuer) && certificate.serialNumber.isEqual(sid.serialNumber),
    );
  }
  const keyId = subjectKeyIdentifierOfSid(sid);
  if (!keyId) return undefined;
  for (const candidate of certificates) {
    if (Buffer.from(await subjectKeyIdentifier(candidate.certificate, engine)).equals(keyId))
      return candidate;
  }
  return undefined;
}

/** sid [0] SubjectKeyIdentifier, as PKI.js leaves it: an OCTET STRING, primitive or wrapped. */
function subjectKeyIdentifierOfSid(sid: unknown): Buffer | undefined {
  if (sid instanceof asn1js.Constructed && sid.valueBlock.value[0] instanceof asn1js.OctetString) {
    return Buffer.from(sid.valueBlock.value[0].valueBlock.valueHexView);
  }
  if (sid instanceof asn1js.Primitive) return Buffer.from(sid.valueBlock.valueHexView);
  return undefined;
}

/** The certificate's own extension, else RFC 5280 §4.2.1.2 method 1 (SHA-1 of the key bits). */
async function subjectKeyIdentifier(certificate: pkijs.Certificate, engine: CmsEngine): Promise<Uint8Array> {
  const extension = certificate.extensions?.find((candidate) => candidate.extnID === '2.5.29.14');
  if (extension?.parsedValue instanceof asn1js.OctetString)
    return extension.parsedValue.valueBlock.valueHexView;
  const publicKey = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return new Uint8Array(await engine.digest({ name: 'SHA-1' }, publicKey));
}
