import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { cadesBesSignedAttributes } from './cades-attributes';
import { signDetached } from './cades-signer';
import { verifyDetached } from './cades-verifier';
import { readSignedData } from './cms-reader';
import { OID } from './oids';
import { createSoftwareEngine } from './software-provider';
import {
  createTestCa,
  issueCertificate,
  SIGNING_TIME,
  TestIdentity,
  VALIDITY_END,
  VALIDITY_START,
} from './testing/test-pki';
import { VERIFICATION_REASONS } from './verification-reason';

const content = Buffer.from('declaration content, windows-1251 in real life');
const engine = createSoftwareEngine();

/** Re-encodes a signature after changing its parsed SignedData (signed attributes stay byte-identical). */
function rewrite(signature: Uint8Array, change: (signedData: pkijs.SignedData) => void): Buffer {
  const { signedData } = readSignedData(signature);
  change(signedData);
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema() });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}

describe('verifyDetached', () => {
  let ca: TestIdentity;
  let signer: TestIdentity;
  let signature: Buffer;

  const sign = (identity: TestIdentity, signingTime = SIGNING_TIME) =>
    signDetached({
      content,
      certificate: identity.der,
      privateKey: identity.keys.privateKey,
      engine,
      signingTime,
    });

  beforeAll(async () => {
    ca = await createTestCa();
    signer = await issueCertificate(ca, {
      subject: 'CN=Иванов Иван, O=ООО \\"Ромашка\\", C=RU',
      serialNumber: '7c01',
    });
    signature = await sign(signer);
  });

  it('accepts an untouched signature and reports who signed, when and how', async () => {
    const result = await verifyDetached({ signature, content, engine });
    expect(result).toMatchObject({
      valid: true,
      reason: 'VALID',
      code: 0,
      signer: {
        subject: 'CN=Иванов Иван, O=ООО \\"Ромашка\\", C=RU',
        serialNumber: '7C01',
        issuer: 'CN=TKS Unit Test CA, O=TKS, C=RU',
      },
      algorithm: { digest: 'SHA-256', signature: 'ECDSA' },
      signingTime: SIGNING_TIME,
      signerCount: 1,
    });
    expect(result.certificate).toBeInstanceOf(pkijs.Certificate);
  });

  it('accepts a precomputed digest of the content', async () => {
    const digest = new Uint8Array(createHash('sha256').update(content).digest());
    const result = await verifyDetached({ signature, content: { digest, hash: 'SHA-256' }, engine });
    expect(result.reason).toBe('VALID');
  });

  it('reports CONTENT_DIGEST_MISMATCH for altered content', async () => {
    const altered = Buffer.from(content);
    altered[0] ^= 0x01;
    const result = await verifyDetached({ signature, content: altered, engine });
    expect(result).toMatchObject({ valid: false, reason: 'CONTENT_DIGEST_MISMATCH', code: 4 });
    expect(result.signer?.serialNumber).toBe('7C01');
  });

  it('reports SIGNATURE_INVALID for altered signature bytes', async () => {
    const signatureValue = Buffer.from(
      readSignedData(signature).signedData.signerInfos[0].signature.valueBlock.valueHexView,
    );
    const at = signature.indexOf(signatureValue);
    const tampered = Buffer.from(signature);
    tampered[at + signatureValue.length - 1] ^= 0x01; // last byte of s: still well-formed DER
    const result = await verifyDetached({ signature: tampered, content, engine });
    expect(result).toMatchObject({ valid: false, reason: 'SIGNATURE_INVALID', code: 5 });
  });

  it('reports SIGNER_CERT_MISSING when the certificate was stripped', async () => {
    const stripped = rewrite(signature, (signedData) => {
      delete signedData.certificates;
    });
    const result = await verifyDetached({ signature: stripped, content, engine });
    expect(result).toMatchObject({ valid: false, reason: 'SIGNER_CERT_MISSING', code: 3 });
  });

  it('reports SIGNING_CERT_ATTR_MISMATCH when another certificate with the same issuer, serial and key is swapped in', async () => {
    const impostor = await issueCertificate(ca, {
      subject: 'CN=Someone Else, C=RU',
      serialNumber: '7c01',
      keys: signer.keys,
    });
    const swapped = rewrite(signature, (signedData) => {
      signedData.certificates = [pkijs.Certificate.fromBER(impostor.der)];
    });
    const result = await verifyDetached({ signature: swapped, content, engine });
    expect(result).toMatchObject({ valid: false, reason: 'SIGNING_CERT_ATTR_MISMATCH', code: 7 });
    expect(result.detail).toMatch(/certHash/);
  });

  it('reports SIGNING_CERT_ATTR_MISSING for a plain CMS signature without the ESS attribute', async () => {
    const plain = rewrite(signature, () => undefined);
    const { signedData } = readSignedData(plain);
    const signerInfo = signedData.signerInfos[0];
    const attributes = cadesBesSignedAttributes({
      messageDigest: new Uint8Array(createHash('sha256').update(content).digest()),
      signingTime: SIGNING_TIME,
      signingCertificateV2: new pkijs.Attribute({ type: OID.signingCertificateV2, values: [] }),
    }).filter((attribute) => attribute.type !== OID.signingCertificateV2);
    signerInfo.signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
    await signedData.sign(signer.keys.privateKey, 0, 'SHA-256', undefined, engine);
    const unsigned = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema() });
    const result = await verifyDetached({
      signature: new Uint8Array(unsigned.toSchema().toBER(false)),
      content,
      engine,
    });
    expect(result).toMatchObject({ valid: false, reason: 'SIGNING_CERT_ATTR_MISSING', code: 6 });
  });

  it('reports CERT_EXPIRED when the signing time is after notAfter', async () => {
    const late = await sign(signer, new Date(VALIDITY_END.getTime() + 1000));
    const result = await verifyDetached({ signature: late, content, engine });
    expect(result).toMatchObject({ valid: false, reason: 'CERT_EXPIRED', code: 9 });
  });

  it('reports CERT_NOT_YET_VALID when the signing time is before notBefore', async () => {
    const early = await sign(signer, new Date(VALIDITY_START.getTime() - 1000));
    const result = await verifyDetached({ signature: early, content, engine });
    expect(result).toMatchObject({ valid: false, reason: 'CERT_NOT_YET_VALID', code: 8 });
  });

  it('reports CERT_EXPIRED when the certificate has expired at atTime although it was valid at signing', async () => {
    const result = await verifyDetached({
      signature,
      content,
      engine,
      atTime: new Date('2026-06-01T00:00:00Z'),
    });
    expect(result).toMatchObject({ valid: false, reason: 'CERT_EXPIRED' });
    expect(result.detail).toMatch(/^atTime/);
  });

  it('accepts a certificate that chains to a trusted CA', async () => {
    const result = await verifyDetached({ signature, content, engine, trustedCertificates: [ca.der] });
    expect(result.reason).toBe('VALID');
  });

  it('reports CERT_UNTRUSTED when the chain reaches none of the trusted certificates', async () => {
    const otherCa = await createTestCa('CN=Some Other CA');
    const result = await verifyDetached({ signature, content, engine, trustedCertificates: [otherCa.der] });
    expect(result).toMatchObject({ valid: false, reason: 'CERT_UNTRUSTED', code: 10 });
  });

  it('reports CERT_UNTRUSTED for a certificate from a CA with the trusted name but another key', async () => {
    const lookalike = await createTestCa('CN=TKS Unit Test CA, O=TKS, C=RU');
    const result = await verifyDetached({ signature, content, engine, trustedCertificates: [lookalike.der] });
    expect(result.reason).toBe('CERT_UNTRUSTED');
  });

  it('reports MALFORMED_CMS for bytes that are not a CMS, or a CMS that is not detached', async () => {
    expect(
      (await verifyDetached({ signature: Buffer.from('not a signature'), content, engine })).reason,
    ).toBe('MALFORMED_CMS');
    const attached = rewrite(signature, (signedData) => {
      signedData.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: content });
    });
    const result = await verifyDetached({ signature: attached, content, engine });
    expect(result).toMatchObject({ reason: 'MALFORMED_CMS', detail: 'signature is not detached' });
  });

  it('reports UNSUPPORTED_ALGORITHM for a precomputed digest of another algorithm', async () => {
    const result = await verifyDetached({
      signature,
      content: { digest: new Uint8Array(64), hash: 'SHA-512' },
      engine,
    });
    expect(result.reason).toBe('UNSUPPORTED_ALGORITHM');
  });

  it('numbers every reason distinctly', () => {
    const codes = Object.values(VERIFICATION_REASONS);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
