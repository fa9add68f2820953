import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyDetached } from './cades-verifier';
import { createGostEngine } from './gost-engine';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '..', 'test', 'fixtures', 'gost-512-inverse-edge', name));

describe('the patched GOST library', () => {
  // A GOST R 34.10-2012 (512, paramset A) signature that OpenSSL verifies and the unpatched
  // library could not: its modular inverse took the branch that calls the undefined `subtract`.
  it('verifies the signature that hit the modular-inverse bug', async () => {
    const certificate = fixture('certificate.pem').toString('utf8');
    const result = await verifyDetached({
      signature: fixture('signature.p7s'),
      content: fixture('content.xml'),
      engine: createGostEngine(),
      trustedCertificates: [certificate],
      atTime: new Date('2026-11-25T16:30:00Z'),
    });
    expect(result).toMatchObject({ valid: true });
  });
});
