import { createSoftwareEngine, signDetached } from '@tks/crypto';
import { createTestCa, issueCertificate } from '../../../../libs/crypto/src/testing/test-pki';
import { ClientSignatureVerifier, fnsCodeOf } from './client-signature-verifier';

describe('client signature verifier', () => {
  it('refuses (0100100000) a signature that verifies when the trust list finds its certificate revoked', async () => {
    const now = Date.now();
    const ca = await createTestCa();
    const client = await issueCertificate(ca, {
      subject: 'CN=Иванов Иван, O=ПАО Сбербанк, C=RU',
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 86_400_000),
    });
    const declaration = Buffer.from('<Файл/>');
    const signature = await signDetached({
      content: declaration,
      certificate: client.der,
      privateKey: client.keys.privateKey,
      engine: createSoftwareEngine(),
      signingTime: new Date(),
    });
    const revoked = new ClientSignatureVerifier(undefined, {
      status: async () => ({ status: 'revoked', detail: 'on the CRL of the test CA' }),
    });
    const { result, verification } = await revoked.verify(declaration, Buffer.from(signature), new Date());
    expect(result).toMatchObject({ valid: false, reason: 'CERT_UNTRUSTED' });
    expect(verification.detail).toContain('revoked');
    expect(fnsCodeOf(result)).toBe('0100100000');

    const valid = new ClientSignatureVerifier(undefined, { status: async () => ({ status: 'valid' }) });
    expect((await valid.verify(declaration, Buffer.from(signature), new Date())).result.valid).toBe(true);
  });
});
