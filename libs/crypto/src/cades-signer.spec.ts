import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signDetached } from './cades-signer';
import { verifyDetached } from './cades-verifier';
import { readSignedData } from './cms-reader';
import { digestStream } from './content-digest';
import { OID } from './oids';
import { createSoftwareEngine } from './software-provider';
import { createTestCa, issueCertificate, SIGNING_TIME, TestIdentity } from './testing/test-pki';

const content = Buffer.from(
  '<?xml version="1.0" encoding="windows-1251"?><Файл ИдФайл="NO_USN_0087_0087"/>',
  'latin1',
);
const engine = createSoftwareEngine();

function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

function signedAttributes(signature: Uint8Array): pkijs.Attribute[] {
  const attributes = readSignedData(signature).signedData.signerInfos[0].signedAttrs?.attributes;
  if (!attributes) throw new Error('no signed attributes');
  return attributes;
}

function attributeValue(signature: Uint8Array, type: string): unknown {
  return signedAttributes(signature).find((attribute) => attribute.type === type)?.values[0];
}

describe('signDetached', () => {
  let ca: TestIdentity;
  let signer: TestIdentity;
  let signature: Buffer;

  beforeAll(async () => {
    ca = await createTestCa();
    signer = await issueCertificate(ca, { subject: 'CN=Operator, O=TKS, C=RU', serialNumber: '00ff01' });
    signature = await signDetached({
      content,
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      engine,
      signingTime: SIGNING_TIME,
    });
  });

  it('writes a DER ContentInfo(SignedData) without eContent, carrying the signer certificate as issued', () => {
    const { signedData, certificates } = readSignedData(signature);
    expect(signedData.encapContentInfo.eContentType).toBe(OID.data);
    expect(signedData.encapContentInfo.eContent).toBeUndefined();
    expect(certificates).toHaveLength(1);
    expect(Buffer.from(certificates[0].der).equals(Buffer.from(signer.der))).toBe(true);
    // DER, not BER: re-encoding the parsed structure gives the same bytes.
    expect(Buffer.from(asn1js.fromBER(signature).result.toBER(false)).equals(signature)).toBe(true);
  });

  it('identifies the signer by issuer and serial number', () => {
    const { signedData } = readSignedData(signature);
    const sid: unknown = signedData.signerInfos[0].sid;
    expect(sid).toBeInstanceOf(pkijs.IssuerAndSerialNumber);
    const certificate = readSignedData(signature).certificates[0].certificate;
    expect((sid as pkijs.IssuerAndSerialNumber).issuer.isEqual(certificate.issuer)).toBe(true);
    expect((sid as pkijs.IssuerAndSerialNumber).serialNumber.isEqual(certificate.serialNumber)).toBe(true);
  });

  it('signs exactly the CAdES-BES attributes, sorted as DER requires', () => {
    const types = signedAttributes(signature).map((attribute) => attribute.type);
    expect([...types].sort()).toEqual(
      [OID.contentType, OID.messageDigest, OID.signingTime, OID.signingCertificateV2].sort(),
    );
    const encodings = signedAttributes(signature).map((attribute) =>
      Buffer.from(attribute.toSchema().toBER(false)),
    );
    const sorted = [...encodings].sort(Buffer.compare);
    expect(encodings).toEqual(sorted);
  });

  it('states id-data as content type, the SHA-256 of the content and the injected signing time', () => {
    const contentType = attributeValue(signature, OID.contentType) as asn1js.ObjectIdentifier;
    expect(contentType.getValue()).toBe(OID.data);
    const digest = attributeValue(signature, OID.messageDigest) as asn1js.OctetString;
    expect(Buffer.from(digest.valueBlock.valueHexView).equals(sha256(content))).toBe(true);
    const signingTime = attributeValue(signature, OID.signingTime);
    expect(signingTime).toBeInstanceOf(asn1js.UTCTime);
    expect((signingTime as asn1js.UTCTime).toDate()).toEqual(SIGNING_TIME);
  });

  it('binds the certificate in signing-certificate-v2: SHA-256 of the whole DER, issuer and serial', () => {
    const signingCertificate = attributeValue(signature, OID.signingCertificateV2) as asn1js.Sequence;
    const [certs] = signingCertificate.valueBlock.value as asn1js.Sequence[];
    const [essCertIdV2] = certs.valueBlock.value as asn1js.Sequence[];
    const [certHash, issuerSerial] = essCertIdV2.valueBlock.value;
    // hashAlgorithm is DEFAULT sha256 and therefore absent: the first field is the hash itself.
    expect(certHash).toBeInstanceOf(asn1js.OctetString);
    expect(Buffer.from((certHash as asn1js.OctetString).valueBlock.valueHexView)).toEqual(sha256(signer.der));

    const [generalNames, serialNumber] = (issuerSerial as asn1js.Sequence).valueBlock.value;
    const [directoryName] = (generalNames as asn1js.Sequence).valueBlock.value;
    expect(directoryName.idBlock.tagClass).toBe(3);
    expect(directoryName.idBlock.tagNumber).toBe(4);
    const issuer = new pkijs.RelativeDistinguishedNames({
      schema: (directoryName as asn1js.Constructed).valueBlock.value[0],
    });
    const certificate = readSignedData(signature).certificates[0].certificate;
    expect(issuer.isEqual(certificate.issuer)).toBe(true);
    expect((serialNumber as asn1js.Integer).isEqual(certificate.serialNumber)).toBe(true);
  });

  it('uses ecdsa-with-SHA256 and sha256 for an ECDSA key', () => {
    const signerInfo = readSignedData(signature).signedData.signerInfos[0];
    expect(signerInfo.signatureAlgorithm.algorithmId).toBe('1.2.840.10045.4.3.2');
    expect(signerInfo.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
  });

  it('signs a precomputed digest of streamed content the same way as the content itself', async () => {
    const chunks = (async function* () {
      yield content.subarray(0, 10);
      yield content.subarray(10);
    })();
    const fromDigest = await signDetached({
      content: await digestStream(chunks),
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      engine,
      signingTime: SIGNING_TIME,
    });
    const attributesOf = (der: Buffer) =>
      Buffer.from(
        readSignedData(der).signedData.signerInfos[0].signedAttrs?.encodedValue ?? new ArrayBuffer(0),
      );
    expect(attributesOf(fromDigest)).toEqual(attributesOf(signature));
    expect((await verifyDetached({ signature: fromDigest, content, engine })).reason).toBe('VALID');
  });

  it('refuses a precomputed digest of another algorithm', async () => {
    await expect(
      signDetached({
        content: { digest: new Uint8Array(48), hash: 'SHA-384' },
        certificate: signer.der,
        privateKey: signer.keys.privateKey,
        engine,
        signingTime: SIGNING_TIME,
      }),
    ).rejects.toThrow(RangeError);
  });

  it('signs with an RSA key as sha256WithRSAEncryption', async () => {
    const rsaSigner = await issueCertificate(ca, {
      subject: 'CN=RSA signer',
      kind: 'RSA',
      serialNumber: '0203',
    });
    const rsaSignature = await signDetached({
      content,
      certificate: rsaSigner.der,
      privateKey: rsaSigner.keys.privateKey,
      engine,
      signingTime: SIGNING_TIME,
    });
    const signerInfo = readSignedData(rsaSignature).signedData.signerInfos[0];
    expect(signerInfo.signatureAlgorithm.algorithmId).toBe('1.2.840.113549.1.1.11');
    const result = await verifyDetached({ signature: rsaSignature, content, engine });
    expect(result).toMatchObject({ valid: true, reason: 'VALID', algorithm: { digest: 'SHA-256' } });
  });

  it('does all cryptography with the engine it is given', async () => {
    class CountingEngine extends pkijs.CryptoEngine {
      signs = 0;
      digests = 0;
      override sign(...args: Parameters<pkijs.CryptoEngine['sign']>) {
        this.signs += 1;
        return super.sign(...args);
      }
      override digest(...args: Parameters<pkijs.CryptoEngine['digest']>) {
        this.digests += 1;
        return super.digest(...args);
      }
    }
    const counting = new CountingEngine({ name: 'counting', crypto: webcrypto });
    await signDetached({
      content,
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      engine: counting,
      signingTime: SIGNING_TIME,
    });
    expect(counting.signs).toBe(1);
    expect(counting.digests).toBe(2); // the content and the certificate
  });

  it('writes signing-time as GeneralizedTime from 2050 on (RFC 5652 §11.3)', async () => {
    const late = await signDetached({
      content,
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      engine,
      signingTime: new Date('2050-01-01T00:00:00Z'),
    });
    expect(attributeValue(late, OID.signingTime)).toBeInstanceOf(asn1js.GeneralizedTime);
  });
});
