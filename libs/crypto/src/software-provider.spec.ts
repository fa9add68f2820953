import { createPrivateKey, webcrypto } from 'node:crypto';
import { derToPem } from './certificate';
import { signDetached } from './cades-signer';
import { verifyDetached } from './cades-verifier';
import { SoftwareSigningProvider } from './software-provider';
import { createTestCa, issueCertificate, SIGNING_TIME, TestIdentity } from './testing/test-pki';

async function pkcs8Pem(identity: TestIdentity): Promise<string> {
  return derToPem(
    new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', identity.keys.privateKey)),
    'PRIVATE KEY',
  );
}

describe('SoftwareSigningProvider', () => {
  const content = Buffer.from('content');
  let ca: TestIdentity;
  let ecdsa: TestIdentity;
  let rsa: TestIdentity;

  beforeAll(async () => {
    ca = await createTestCa();
    ecdsa = await issueCertificate(ca, { subject: 'CN=ECDSA' });
    rsa = await issueCertificate(ca, { subject: 'CN=RSA', kind: 'RSA' });
  });

  async function signsAndVerifies(provider: SoftwareSigningProvider, label: string): Promise<void> {
    const identity = await provider.findSigningIdentity(label);
    const signature = await signDetached({
      content,
      certificate: identity.certificateDer,
      privateKey: identity.privateKey,
      engine: provider.engine,
      signingTime: SIGNING_TIME,
    });
    expect((await verifyDetached({ signature, content, engine: provider.engine })).reason).toBe('VALID');
  }

  it('imports PKCS#8 PEM keys, ECDSA and RSA, as non-extractable signing keys', async () => {
    const provider = new SoftwareSigningProvider();
    const identity = await provider.addIdentity('ecdsa', await pkcs8Pem(ecdsa), ecdsa.der);
    await provider.addIdentity('rsa', await pkcs8Pem(rsa), derToPem(rsa.der, 'CERTIFICATE'));
    expect(identity.privateKey.extractable).toBe(false);
    expect(identity.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await signsAndVerifies(provider, 'ecdsa');
    await signsAndVerifies(provider, 'rsa');
  });

  it('imports the traditional "EC PRIVATE KEY" PEM that openssl ecparam writes', async () => {
    const sec1 = createPrivateKey({ key: await pkcs8Pem(ecdsa), format: 'pem' }).export({
      type: 'sec1',
      format: 'pem',
    });
    const provider = new SoftwareSigningProvider();
    await provider.addIdentity('sec1', sec1.toString(), ecdsa.der);
    await signsAndVerifies(provider, 'sec1');
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const provider = new SoftwareSigningProvider();
    await expect(provider.addIdentity('wrong', await pkcs8Pem(ecdsa), rsa.der)).rejects.toMatchObject({
      code: 'KEY_CERTIFICATE_MISMATCH',
    });
  });

  it('refuses an unreadable key without quoting it', async () => {
    const provider = new SoftwareSigningProvider();
    const secret = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n';
    const error = await provider.addIdentity('broken', secret, ecdsa.der).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PRIVATE_KEY_MALFORMED' });
    expect(String(error)).not.toContain('c2VjcmV0');
  });

  it('reports KEY_NOT_FOUND for an unknown label, and forgets keys on close', async () => {
    const provider = new SoftwareSigningProvider();
    await provider.addIdentity('ecdsa', ecdsa.keys.privateKey, ecdsa.der);
    await expect(provider.findSigningIdentity('nobody')).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    await provider.close();
    await expect(provider.findSigningIdentity('ecdsa')).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
  });
});
