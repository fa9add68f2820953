import { describeSigningKey, parseSigningKey, signingKeySetting } from './signing-key-setting';

describe('signing-key settings', () => {
  it('names a token key by its label', () => {
    expect(parseSigningKey('pkcs11:operator')).toEqual({ backend: 'pkcs11', label: 'operator' });
  });

  it('names a key directory, whose three files have fixed names', () => {
    expect(parseSigningKey('file:/keys/operator')).toEqual({
      backend: 'file',
      keyFile: '/keys/operator/key.pem',
      certificateFile: '/keys/operator/certificate.pem',
      passwordFile: '/keys/operator/password',
    });
  });

  it('names the three files one by one, in any order', () => {
    expect(parseSigningKey('file:password=/s/pw,key=/k/op.pem,certificate=/c/op.pem')).toEqual({
      backend: 'file',
      keyFile: '/k/op.pem',
      certificateFile: '/c/op.pem',
      passwordFile: '/s/pw',
    });
  });

  it.each(['operator', 'pkcs11:', 'file:', 'hsm:operator', 'file:key=/k.pem,certificate=/c.pem'])(
    'refuses "%s", saying which forms are accepted',
    (value) => {
      const result = signingKeySetting.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toContain('expected pkcs11:<label>');
    },
  );

  it('describes a key by where it is, never by its password', () => {
    expect(describeSigningKey(parseSigningKey('file:/keys/tax-office'))).toBe(
      'file:/keys/tax-office/key.pem',
    );
    expect(describeSigningKey(parseSigningKey('pkcs11:tax-office'))).toBe('pkcs11:tax-office');
  });
});
