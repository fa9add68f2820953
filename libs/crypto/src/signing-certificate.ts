import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CmsEngine } from './cms-engine';
import { CertificateWithDer } from './certificate';
import { HashAlgorithmName, hashAlgorithmInfo } from './hash-algorithm';
import { OID } from './oids';

/**
 * The ESS signing-certificate attributes bind the signature to one certificate, so that a certificate
 * with the same issuer and serial number but other content (a reissue, a forgery) cannot be swapped
 * into the CMS afterwards. RFC 5035 §3: the first ESSCertIDv2 identifies the signer's certificate.
 */
export interface EssCertId {
  /** OID of the hash over the whole DER certificate. */
  readonly hashAlgorithmOid: string;
  readonly certHash: Uint8Array;
  readonly issuerSerial?: { readonly issuer: pkijs.GeneralNames; readonly serialNumber: asn1js.Integer };
}

export type EssCertIdCheck =
  { readonly matches: true } | { readonly matches: false; readonly detail: string };

const SHA1_OID = '1.3.14.3.2.26';
const SHA256_OID = hashAlgorithmInfo('SHA-256').oid;

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies ... OPTIONAL }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {id-sha256},
 *                            certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
 */
export async function signingCertificateV2Attribute(
  signer: CertificateWithDer,
  hash: HashAlgorithmName,
  engine: CmsEngine,
): Promise<pkijs.Attribute> {
  const { oid } = hashAlgorithmInfo(hash);
  const certHash = await engine.digest({ name: hash }, signer.der);
  const fields: asn1js.AsnType[] = [];
  // DER forbids encoding a DEFAULT value, so SHA-256 is left implicit (RFC 5035 §4).
  if (oid !== SHA256_OID) {
    fields.push(new pkijs.AlgorithmIdentifier({ algorithmId: oid }).toSchema());
  }
  fields.push(new asn1js.OctetString({ valueHex: certHash }));
  fields.push(
    new asn1js.Sequence({
      value: [
        new pkijs.GeneralNames({
          names: [new pkijs.GeneralName({ type: 4, value: signer.certificate.issuer })],
        }).toSchema(),
        signer.certificate.serialNumber,
      ],
    }),
  );
  const essCertIdV2 = new asn1js.Sequence({ value: fields });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

/**
 * Reads the signer's ESSCertID from signing-certificate-v2, or from the older signing-certificate
 * (SHA-1) that some software still writes. Returns undefined when neither attribute is present and
 * throws when one is present but malformed.
 */
export function readSigningCertificate(attributes: readonly pkijs.Attribute[]): EssCertId | undefined {
  const v2 = attributes.find((attribute) => attribute.type === OID.signingCertificateV2);
  if (v2) return readFirstCertId(v2, SHA256_OID, true);
  const v1 = attributes.find((attribute) => attribute.type === OID.signingCertificate);
  if (v1) return readFirstCertId(v1, SHA1_OID, false);
  return undefined;
}

/** Recomputes the certificate hash and compares issuer and serial number when they are present. */
export async function checkEssCertId(
  certId: EssCertId,
  signer: CertificateWithDer,
  engine: CmsEngine,
): Promise<EssCertIdCheck> {
  const algorithm = engine.getAlgorithmByOID(certId.hashAlgorithmOid);
  if (!('name' in algorithm) || typeof algorithm.name !== 'string') {
    return { matches: false, detail: `unsupported certHash algorithm ${certId.hashAlgorithmOid}` };
  }
  const actual = new Uint8Array(await engine.digest({ name: algorithm.name }, signer.der));
  if (!Buffer.from(actual).equals(Buffer.from(certId.certHash))) {
    return { matches: false, detail: 'certHash differs from the hash of the signer certificate' };
  }
  if (certId.issuerSerial) {
    const { issuer, serialNumber } = certId.issuerSerial;
    const issuerMatches = issuer.names.some(
      (name) => name.type === 4 && signer.certificate.issuer.isEqual(name.value),
    );
    if (!issuerMatches || !signer.certificate.serialNumber.isEqual(serialNumber)) {
      return { matches: false, detail: 'issuerSerial differs from the signer certificate' };
    }
  }
  return { matches: true };
}

function readFirstCertId(attribute: pkijs.Attribute, defaultHashOid: string, v2: boolean): EssCertId {
  const signingCertificate = attribute.values[0];
  const certs = sequenceItems(signingCertificate)[0];
  const certId = sequenceItems(certs)[0];
  const fields = sequenceItems(certId);
  let index = 0;
  let hashAlgorithmOid = defaultHashOid;
  if (v2 && fields[index] instanceof asn1js.Sequence) {
    hashAlgorithmOid = new pkijs.AlgorithmIdentifier({ schema: fields[index] }).algorithmId;
    index += 1;
  }
  const certHash = fields[index];
  if (!(certHash instanceof asn1js.OctetString)) {
    throw new Error('ESSCertID has no certHash');
  }
  index += 1;
  const issuerSerial = fields[index];
  return {
    hashAlgorithmOid,
    certHash: new Uint8Array(certHash.valueBlock.valueHexView),
    issuerSerial: issuerSerial === undefined ? undefined : readIssuerSerial(issuerSerial),
  };
}

function readIssuerSerial(value: unknown): NonNullable<EssCertId['issuerSerial']> {
  const [issuer, serialNumber] = sequenceItems(value);
  if (!(serialNumber instanceof asn1js.Integer)) {
    throw new Error('IssuerSerial has no serialNumber');
  }
  return { issuer: new pkijs.GeneralNames({ schema: issuer }), serialNumber };
}

function sequenceItems(value: unknown): asn1js.AsnType[] {
  if (!(value instanceof asn1js.Sequence) || value.valueBlock.value.length === 0) {
    throw new Error('ESS signing-certificate attribute is malformed');
  }
  return value.valueBlock.value;
}
