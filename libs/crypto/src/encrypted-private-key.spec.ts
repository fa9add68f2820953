import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { decryptPrivateKey } from './encrypted-private-key';

describe('encrypted PKCS#8 keys (PBES2)', () => {
  const fixturePassphrase = 'correct horse';
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const plain = privateKey.export({ format: 'der', type: 'pkcs8' });
  const encrypted = (cipher: string) =>
    privateKey.export({ format: 'pem', type: 'pkcs8', cipher, passphrase: fixturePassphrase }) as string;

  it.each(['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc'])('opens a key encrypted with %s', (cipher) => {
    const der = decryptPrivateKey(encrypted(cipher), Buffer.from(fixturePassphrase));
    expect(Buffer.from(der).equals(plain)).toBe(true);
  });

  it('refuses a wrong password without quoting it', () => {
    expect(() => decryptPrivateKey(encrypted('aes-256-cbc'), Buffer.from('battery staple'))).toThrow(
      expect.objectContaining({
        code: 'PRIVATE_KEY_DECRYPTION_FAILED',
        message: expect.not.stringContaining('battery') as unknown as string,
      }),
    );
  });

  it('refuses every wrong password alike, the ~1 in 256 whose padding happens to look valid too', () => {
    const key = encrypted('aes-256-cbc');
    const codes = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      try {
        decryptPrivateKey(key, randomBytes(12));
        codes.add('decrypted');
      } catch (error) {
        codes.add((error as { code?: string }).code ?? 'other');
      }
    }
    expect([...codes]).toEqual(['PRIVATE_KEY_DECRYPTION_FAILED']);
  });

  it('says a plain key is not encrypted', () => {
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(() => decryptPrivateKey(pem, Buffer.from('x'))).toThrow(
      expect.objectContaining({ code: 'PRIVATE_KEY_NOT_ENCRYPTED' }),
    );
  });
});
