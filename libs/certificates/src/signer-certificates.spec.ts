import { createHash } from 'node:crypto';
import { signDetached } from '../../crypto/src/cades-signer';
import { createSoftwareEngine } from '../../crypto/src/software-provider';
import { createTestCa, issueCertificate, SIGNING_TIME } from '../../crypto/src/testing/test-pki';
import { signerCertificates } from './signer-certificates';

describe('signerCertificates', () => {
  it('names the embedded certificate of the signer by its id, SHA-256 of the DER', async () => {
    const ca = await createTestCa();
    const signer = await issueCertificate(ca, { subject: 'CN=Client, C=RU' });
    const signature = await signDetached({
      content: Buffer.from('<Файл/>'),
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      engine: createSoftwareEngine(),
      signingTime: SIGNING_TIME,
    });
    const found = signerCertificates(signature);
    expect(found).toEqual({
      ok: true,
      certificates: [
        {
          certificateId: createHash('sha256').update(signer.der).digest('hex'),
          der: new Uint8Array(signer.der),
        },
      ],
    });
  });

  it('refuses bytes that are not a CMS SignedData, saying why', () => {
    expect(signerCertificates(Buffer.from('30820123deadbeef', 'hex'))).toMatchObject({ ok: false });
    expect(signerCertificates(Buffer.from('not DER'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/CMS/),
    });
  });
});
