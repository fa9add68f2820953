import * as pkcs11 from 'pkcs11js';
import { decideLogin, TOKEN_FLAGS } from './token-pin-state';
import { isVendorDefaultPin } from './vendor-default-pins';

const {
  CKF_USER_PIN_INITIALIZED,
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_LOCKED,
  CKF_USER_PIN_TO_BE_CHANGED,
  CKF_SO_PIN_FINAL_TRY,
  CKF_SO_PIN_LOCKED,
} = pkcs11;
/** What a token in service reports: logged in before, user PIN set (CKF_LOGIN_REQUIRED etc.). */
const healthy = pkcs11.CKF_TOKEN_INITIALIZED | pkcs11.CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED;
const production = { pinIsVendorDefault: false, allowVendorDefaultPin: false };

describe('decideLogin from CK_TOKEN_INFO flags', () => {
  it('uses the PKCS#11 values of the flags, as the native binding defines them', () => {
    for (const [name, value] of Object.entries(TOKEN_FLAGS)) {
      expect({ name, value }).toEqual({ name, value: (pkcs11 as unknown as Record<string, number>)[name] });
    }
  });

  it('logs in to a token whose PIN counters are untouched', () => {
    expect(decideLogin(healthy, production)).toEqual({ login: true, warnings: [] });
  });

  it('refuses to try when one more wrong PIN would lock the token', () => {
    expect(decideLogin(healthy | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY, production)).toMatchObject({
      login: false,
      code: 'TOKEN_PIN_FINAL_TRY',
    });
  });

  it('refuses to try a locked PIN, whatever else the flags say', () => {
    const flags = healthy | CKF_USER_PIN_LOCKED | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW;
    expect(decideLogin(flags, production)).toMatchObject({ login: false, code: 'TOKEN_PIN_LOCKED' });
    expect(decideLogin(flags, { pinIsVendorDefault: true, allowVendorDefaultPin: true })).toMatchObject({
      login: false,
      code: 'TOKEN_PIN_LOCKED',
    });
  });

  it('refuses a token that has no user PIN yet', () => {
    expect(decideLogin(healthy & ~CKF_USER_PIN_INITIALIZED, production)).toMatchObject({
      login: false,
      code: 'TOKEN_PIN_NOT_INITIALIZED',
    });
  });

  it('logs in with a count-low warning: one more wrong entry would not lock it yet', () => {
    const decision = decideLogin(healthy | CKF_USER_PIN_COUNT_LOW, production);
    expect(decision).toMatchObject({ login: true });
    expect(decision.login && decision.warnings.join()).toContain('CKF_USER_PIN_COUNT_LOW');
  });

  it('refuses a vendor default PIN, or one the token wants changed, outside development', () => {
    expect(decideLogin(healthy, { pinIsVendorDefault: true, allowVendorDefaultPin: false })).toMatchObject({
      login: false,
      code: 'TOKEN_DEFAULT_PIN',
    });
    expect(decideLogin(healthy | CKF_USER_PIN_TO_BE_CHANGED, production)).toMatchObject({
      login: false,
      code: 'TOKEN_DEFAULT_PIN',
    });
  });

  it('only warns about a default PIN in the development profile', () => {
    const decision = decideLogin(healthy, { pinIsVendorDefault: true, allowVendorDefaultPin: true });
    expect(decision).toMatchObject({ login: true });
    expect(decision.login && decision.warnings.join()).toContain('development profile');
  });

  it('warns, without refusing, about the security officer PIN: a user login does not touch it', () => {
    const decision = decideLogin(healthy | CKF_SO_PIN_LOCKED | CKF_SO_PIN_FINAL_TRY, production);
    expect(decision).toMatchObject({ login: true });
    expect(decision.login && decision.warnings.join()).toContain('CKF_SO_PIN_LOCKED');
  });
});

describe('isVendorDefaultPin', () => {
  it('knows the vendors’ published defaults', () => {
    for (const pin of ['12345678', '87654321', '1234567890', '123456', '648219'])
      expect({ pin, known: isVendorDefaultPin(pin) }).toEqual({ pin, known: true });
  });

  it('does not take a random PIN, nor a default with a trailing blank, for one', () => {
    expect(isVendorDefaultPin('9f2c4a7e01b3d5c6')).toBe(false);
    expect(isVendorDefaultPin('12345678 ')).toBe(false);
    expect(isVendorDefaultPin('')).toBe(false);
  });
});
