import { createHmac } from 'node:crypto';
import { newWebhookSecret, signatureHeader, verifySignatureHeader } from './webhook-signature';

describe('webhook signature', () => {
  // Test fixtures, not secrets: real ones are generated per endpoint (newWebhookSecret).
  const secret = 'whsec_test_fixture_secret';
  const body = '{"id":"42","status":"accepted"}';

  it('is HMAC-SHA256 over "<timestamp>.<body>" in hex, as openssl dgst computes it', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader(secret, 1700000000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies a delivery signed with the secret within the tolerance', () => {
    const header = signatureHeader(secret, 1700000000, body);
    expect(verifySignatureHeader(secret, header, body, { now: 1700000100, toleranceSeconds: 300 })).toBe(
      true,
    );
  });

  it('refuses an altered body, another secret or an old timestamp', () => {
    const header = signatureHeader(secret, 1700000000, body);
    const within = { now: 1700000000, toleranceSeconds: 300 };
    expect(verifySignatureHeader(secret, header, body.replace('42', '43'), within)).toBe(false);
    expect(verifySignatureHeader('whsec_other_test_fixture', header, body, within)).toBe(false);
    expect(verifySignatureHeader(secret, header, body, { now: 1700000301, toleranceSeconds: 300 })).toBe(
      false,
    );
    expect(verifySignatureHeader(secret, 'v1=zz', body, within)).toBe(false);
  });

  it('generates a fresh secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
