/**
 * CK_TOKEN_INFO.flags bits about the PINs (PKCS#11 v2.40 §3.2, pkcs11t.h). The token reports them
 * without a login, so a service can see that a wrong entry would lock the token before it tries.
 */
export const TOKEN_FLAGS = {
  CKF_USER_PIN_INITIALIZED: 0x0000_0008,
  CKF_USER_PIN_COUNT_LOW: 0x0001_0000,
  CKF_USER_PIN_FINAL_TRY: 0x0002_0000,
  CKF_USER_PIN_LOCKED: 0x0004_0000,
  CKF_USER_PIN_TO_BE_CHANGED: 0x0008_0000,
  CKF_SO_PIN_COUNT_LOW: 0x0010_0000,
  CKF_SO_PIN_FINAL_TRY: 0x0020_0000,
  CKF_SO_PIN_LOCKED: 0x0040_0000,
  CKF_SO_PIN_TO_BE_CHANGED: 0x0080_0000,
} as const;

/** Why a login is not even tried. */
export type TokenRefusalCode =
  'TOKEN_PIN_LOCKED' | 'TOKEN_PIN_FINAL_TRY' | 'TOKEN_PIN_NOT_INITIALIZED' | 'TOKEN_DEFAULT_PIN';

export type LoginDecision =
  | { readonly login: true; readonly warnings: readonly string[] }
  | { readonly login: false; readonly code: TokenRefusalCode; readonly reason: string };

export interface LoginContext {
  /** The configured PIN is one of the vendors' well-known defaults (vendor-default-pins.ts). */
  readonly pinIsVendorDefault: boolean;
  /** Local development (SoftHSM, throw-away tokens): a default PIN is only warned about. */
  readonly allowVendorDefaultPin: boolean;
}

const has = (flags: number, bit: number) => (flags & bit) !== 0;

/**
 * Whether to call C_Login at all, from the token's flags and what is known of the PIN. Refused when
 * a login cannot succeed or a wrong entry would lock the token (the last try left, or already
 * locked), and outside development when the PIN is a vendor default or the token asks for it to be
 * changed (both mean anyone may know it). Counters running low are warned about, not refused: one
 * more wrong entry would not lock the token, and the right PIN resets the counter.
 */
export function decideLogin(flags: number, context: LoginContext): LoginDecision {
  const f = TOKEN_FLAGS;
  if (has(flags, f.CKF_USER_PIN_LOCKED)) {
    return {
      login: false,
      code: 'TOKEN_PIN_LOCKED',
      reason: 'the user PIN is locked (CKF_USER_PIN_LOCKED): the security officer must unblock it',
    };
  }
  if (has(flags, f.CKF_USER_PIN_FINAL_TRY)) {
    return {
      login: false,
      code: 'TOKEN_PIN_FINAL_TRY',
      reason:
        'one more wrong user PIN locks the token (CKF_USER_PIN_FINAL_TRY), so the service does not try: ' +
        'check the PIN by hand once and the counter is reset',
    };
  }
  if (!has(flags, f.CKF_USER_PIN_INITIALIZED)) {
    return {
      login: false,
      code: 'TOKEN_PIN_NOT_INITIALIZED',
      reason: 'the token has no user PIN yet (CKF_USER_PIN_INITIALIZED is not set)',
    };
  }
  const warnings: string[] = [];
  const mustChange = has(flags, f.CKF_USER_PIN_TO_BE_CHANGED);
  if (context.pinIsVendorDefault || mustChange) {
    const why = context.pinIsVendorDefault
      ? 'the user PIN is a well-known vendor default'
      : 'the token asks for its user PIN to be changed (CKF_USER_PIN_TO_BE_CHANGED): it is still the initial one';
    if (!context.allowVendorDefaultPin) return { login: false, code: 'TOKEN_DEFAULT_PIN', reason: why };
    warnings.push(`${why}; allowed only because this is the development profile`);
  }
  if (has(flags, f.CKF_USER_PIN_COUNT_LOW)) {
    warnings.push('a wrong user PIN was entered since the last successful login (CKF_USER_PIN_COUNT_LOW)');
  }
  if (has(flags, f.CKF_SO_PIN_LOCKED))
    warnings.push('the security officer PIN is locked (CKF_SO_PIN_LOCKED)');
  else if (has(flags, f.CKF_SO_PIN_FINAL_TRY))
    warnings.push('one more wrong security officer PIN locks it (CKF_SO_PIN_FINAL_TRY)');
  else if (has(flags, f.CKF_SO_PIN_COUNT_LOW))
    warnings.push('a wrong security officer PIN was entered (CKF_SO_PIN_COUNT_LOW)');
  if (has(flags, f.CKF_SO_PIN_TO_BE_CHANGED))
    warnings.push('the security officer PIN is still the initial one (CKF_SO_PIN_TO_BE_CHANGED)');
  return { login: true, warnings };
}
