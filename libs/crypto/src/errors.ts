import type { TokenRefusalCode } from './token-pin-state';

/**
 * Errors of this library carry a stable code (CONVENTIONS: "domain errors carry a stable code") so a
 * service can map them to problem+json without parsing messages. Messages never contain a PIN or key.
 */
export type CryptoErrorCode =
  | 'CERTIFICATE_MALFORMED'
  | 'PRIVATE_KEY_MALFORMED'
  | 'PRIVATE_KEY_NOT_ENCRYPTED'
  | 'PRIVATE_KEY_UNSUPPORTED_ENCRYPTION'
  | 'PRIVATE_KEY_DECRYPTION_FAILED'
  | 'KEY_FILE_UNREADABLE'
  | 'TOKEN_MECHANISM_MISSING'
  | 'POOL_CLOSED'
  | 'KEY_CERTIFICATE_MISMATCH'
  | 'UNSUPPORTED_KEY_ALGORITHM'
  | 'TOKEN_NOT_FOUND'
  | 'TOKEN_LOGIN_FAILED'
  | TokenRefusalCode
  | 'TOKEN_IN_USE'
  | 'TOKEN_READ_ONLY'
  | 'TOKEN_CLOSED'
  | 'KEY_NOT_FOUND'
  | 'KEY_AMBIGUOUS'
  | 'KEY_LABEL_TAKEN'
  | 'CERTIFICATE_NOT_FOUND';

export class CryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The token refused the PIN. Raised after exactly one C_Login: retrying with the same PIN would only
 * count down the token's retry counter until it locks (a locked hardware token needs the SO PIN).
 */
export class TokenLoginError extends CryptoError {
  constructor(
    readonly tokenLabel: string,
    /** PKCS#11 return value name, e.g. CKR_PIN_INCORRECT or CKR_PIN_LOCKED; never the PIN itself. */
    readonly pkcs11Code: string,
  ) {
    super('TOKEN_LOGIN_FAILED', `Login to PKCS#11 token "${tokenLabel}" failed: ${pkcs11Code}`);
  }
}

/**
 * C_Login was not even called: the token's flags say a wrong entry would lock it (or it is locked),
 * or the PIN is one anyone may know. Restarting changes nothing until someone fixes the token or
 * the PIN.
 */
export class TokenRefusedError extends CryptoError {
  constructor(
    readonly tokenLabel: string,
    code: TokenRefusalCode,
    reason: string,
  ) {
    super(code, `PKCS#11 token "${tokenLabel}": no login tried: ${reason}`);
  }
}

/** Login answers about the PIN itself: trying again with the same configuration can only lock the token. */
const PIN_ANSWERS = new Set([
  'CKR_PIN_INCORRECT',
  'CKR_PIN_INVALID',
  'CKR_PIN_LEN_RANGE',
  'CKR_PIN_LOCKED',
  'CKR_PIN_EXPIRED',
]);

/**
 * Whether a token error is the configuration's (the PIN or the token's PIN state), to be fixed by
 * someone before the service starts again, rather than a fault a restart may cure (a device error,
 * a token not yet inserted).
 */
export function isTokenPinProblem(error: unknown): error is TokenLoginError | TokenRefusedError {
  return (
    error instanceof TokenRefusedError ||
    (error instanceof TokenLoginError && PIN_ANSWERS.has(error.pkcs11Code))
  );
}
