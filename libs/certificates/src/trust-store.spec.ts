import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrustAnchors } from './trust-store';
import { createTestAuthority, issueCrl, issueQualifiedCertificate } from './testing/test-ca';

describe('loadTrustAnchors', () => {
  it('reads CA certificates and CRLs in PEM (both CRL labels) and DER, and skips leaves and junk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tks-trust-'));
    const ca = await createTestAuthority();
    const other = await createTestAuthority('CN=Second CA, C=RU');
    const crl = await issueCrl(ca, []);
    await writeFile(join(dir, 'ca.pem'), ca.pem);
    await writeFile(join(dir, 'second.cer'), new Uint8Array(other.certificate.rawData));
    await writeFile(join(dir, 'ca.crl.pem'), crl.toString('pem'));
    await writeFile(join(dir, 'openssl.crl.pem'), crl.toString('pem').replace(/CRL-----/g, 'X509 CRL-----'));
    await writeFile(join(dir, 'second.crl'), new Uint8Array((await issueCrl(other, [])).rawData));
    await writeFile(
      join(dir, 'leaf.pem'),
      (await issueQualifiedCertificate(ca, { subject: { commonName: 'x' } })).toString('pem'),
    );
    await writeFile(join(dir, 'broken.der'), 'junk');
    await writeFile(join(dir, 'notes.txt'), 'ignored');

    const anchors = await loadTrustAnchors(dir);
    expect(anchors.certificates.map((c) => c.subject).sort()).toEqual(
      [ca.certificate.subject, 'CN=Second CA, C=RU'].sort(),
    );
    expect(anchors.crls).toHaveLength(3);
    expect(anchors.skipped.map((s) => s.file)).toEqual(['broken.der']);
  });
});
