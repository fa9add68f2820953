import { checkCertificateStatus } from './certificate-status';
import { TrustAnchors } from './trust-store';
import {
  createTestAuthority,
  days,
  issueCrl,
  issueQualifiedCertificate,
  TestAuthority,
} from './testing/test-ca';
import * as x509 from '@peculiar/x509';

const subject = { commonName: 'ПАО Сбербанк', innLe: '7707083893' };

describe('checkCertificateStatus', () => {
  let ca: TestAuthority;
  let anchors: TrustAnchors;
  let good: x509.X509Certificate;
  let revoked: x509.X509Certificate;

  beforeAll(async () => {
    ca = await createTestAuthority();
    good = await issueQualifiedCertificate(ca, { subject });
    revoked = await issueQualifiedCertificate(ca, { subject });
    anchors = { certificates: [ca.certificate], crls: [await issueCrl(ca, [revoked])], skipped: [] };
  });

  const now = new Date();

  it('reports valid for a certificate of a trusted CA inside its validity and not on the CRL', async () => {
    const result = await checkCertificateStatus(good, anchors, now);
    expect(result).toMatchObject({ status: 'valid', number: 0 });
    expect(result.chain).toEqual([good.subject, ca.certificate.subject]);
  });

  it('reports expired and not yet valid by the clock it is given', async () => {
    expect((await checkCertificateStatus(good, anchors, days(400))).status).toBe('expired');
    expect((await checkCertificateStatus(good, anchors, days(-30))).status).toBe('not-yet-valid');
  });

  it('reports revoked when the CA lists the serial number on its CRL', async () => {
    expect(await checkCertificateStatus(revoked, anchors, now)).toMatchObject({
      status: 'revoked',
      number: 5,
    });
  });

  it('reports status unknown without a CRL, or with one past its nextUpdate', async () => {
    const noCrl = { ...anchors, crls: [] };
    expect((await checkCertificateStatus(good, noCrl, now)).status).toBe('status-unknown');
    const stale = {
      ...anchors,
      crls: [await issueCrl(ca, [], { thisUpdate: days(-20), nextUpdate: days(-10) })],
    };
    expect((await checkCertificateStatus(good, stale, now)).status).toBe('status-unknown');
  });

  it('ignores a CRL that the CA did not sign', async () => {
    const impostor = await createTestAuthority(ca.certificate.subject);
    const forgedCrl = { ...anchors, crls: [await issueCrl(impostor, [])] };
    expect((await checkCertificateStatus(good, forgedCrl, now)).status).toBe('status-unknown');
  });

  it('reports an invalid signature when a CA of that name exists but its key did not sign', async () => {
    const impostor = await createTestAuthority(ca.certificate.subject);
    const forged = await issueQualifiedCertificate(impostor, { subject });
    expect(await checkCertificateStatus(forged, anchors, now)).toMatchObject({ status: 'signature-invalid' });
  });

  it('reports untrusted for a certificate of an unknown CA', async () => {
    const other = await createTestAuthority('CN=Some Other CA, C=RU');
    const foreign = await issueQualifiedCertificate(other, { subject });
    expect(await checkCertificateStatus(foreign, anchors, now)).toMatchObject({
      status: 'untrusted',
      number: 1,
    });
  });
});
