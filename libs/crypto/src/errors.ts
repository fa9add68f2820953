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
