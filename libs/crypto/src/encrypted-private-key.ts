import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pemBlocks } from './certificate';
import { CryptoError } from './errors';

/**
 * Decrypts an EncryptedPrivateKeyInfo (RFC 5958 §3) protected with PBES2 (RFC 8018 §6.2): PBKDF2
 * with HMAC-SHA-256/384/512 (or SHA-1, the standard's default) and AES-CBC, which is what
 * `openssl genpkey -aes-256-cbc` and `openssl pkcs8 -topk8 -v2 aes-256-cbc` write for any key type.
 * Node could decrypt this itself only for key types its OpenSSL knows, and it has no GOST; so the
 * envelope is opened here and the inner PKCS#8 is handed to the GOST key reader.
 *
 * Errors never quote the password or key bytes.
 */
const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
} as const;

const PRFS: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const CIPHERS: Readonly<Record<string, { name: string; keyLength: number }>> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
};

/** PEM label of an encrypted PKCS#8 key; an unencrypted one says "PRIVATE KEY". */
export const ENCRYPTED_KEY_LABEL = 'ENCRYPTED PRIVATE KEY';

export function isEncryptedPrivateKeyPem(pem: string): boolean {
  return pem.includes(`-----BEGIN ${ENCRYPTED_KEY_LABEL}-----`);
}

/** Returns the PKCS#8 PrivateKeyInfo DER inside an encrypted PEM or DER key. */
export function decryptPrivateKey(input: string | Uint8Array, password: Uint8Array): Uint8Array {
  const der = typeof input === 'string' ? pemBlocks(input, ENCRYPTED_KEY_LABEL)[0] : input;
  if (!der) throw new CryptoError('PRIVATE_KEY_NOT_ENCRYPTED', 'The key is not an encrypted PKCS#8 key');
  const parts = readEncryptedPrivateKeyInfo(der);
  const hash = PRFS[parts.prf];
  const cipher = CIPHERS[parts.cipher];
  if (!hash || !cipher) {
    throw new CryptoError(
      'PRIVATE_KEY_UNSUPPORTED_ENCRYPTION',
      `Key encryption PBKDF2 PRF ${parts.prf} / cipher ${parts.cipher} is not supported (use PBES2 with AES-CBC)`,
    );
  }
  if (parts.keyLength !== undefined && parts.keyLength !== cipher.keyLength) {
    throw new CryptoError('PRIVATE_KEY_MALFORMED', 'PBKDF2 key length does not fit the cipher');
  }
  const key = pbkdf2Sync(password, parts.salt, parts.iterations, cipher.keyLength, hash);
  try {
    const decipher = createDecipheriv(cipher.name, key, parts.iv);
    const plain = new Uint8Array(Buffer.concat([decipher.update(parts.encrypted), decipher.final()]));
    // About one wrong password in 256 still ends in valid padding: what it yields is no DER
    // SEQUENCE filling the whole plaintext, which a decrypted PKCS#8 always is.
    if (!isWholeDerSequence(plain)) throw new Error('not PKCS#8');
    return plain;
  } catch {
    // Bad padding is what a wrong password looks like; nothing of the key or password is quoted.
    throw new CryptoError(
      'PRIVATE_KEY_DECRYPTION_FAILED',
      'The key could not be decrypted: wrong password or damaged key file',
    );
  } finally {
    key.fill(0);
  }
}

interface Pbes2Parts {
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly keyLength?: number;
  readonly prf: string;
  readonly cipher: string;
  readonly iv: Uint8Array;
  readonly encrypted: Uint8Array;
}

/**
 * EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier { PBES2, PBES2-params }, OCTET STRING }
 * PBES2-params ::= SEQUENCE { keyDerivationFunc { PBKDF2, PBKDF2-params }, encryptionScheme { cipher, iv } }
 * PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER, keyLength INTEGER OPTIONAL,
 *                              prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }
 */
function readEncryptedPrivateKeyInfo(der: Uint8Array): Pbes2Parts {
  const malformed = () => new CryptoError('PRIVATE_KEY_MALFORMED', 'The key is not an encrypted PKCS#8 key');
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1) throw malformed();
  const [algorithm, encrypted] = children(asn1.result);
  const [scheme, params] = children(algorithm);
  if (oid(scheme) !== OID.pbes2) {
    throw new CryptoError(
      'PRIVATE_KEY_UNSUPPORTED_ENCRYPTION',
      `Key encryption scheme ${oid(scheme) ?? '?'} is not supported (use PBES2)`,
    );
  }
  const [kdf, encryptionScheme] = children(params);
  const [kdfOid, kdfParams] = children(kdf);
  if (oid(kdfOid) !== OID.pbkdf2) {
    throw new CryptoError(
      'PRIVATE_KEY_UNSUPPORTED_ENCRYPTION',
      `Key derivation ${oid(kdfOid) ?? '?'} is not supported (use PBKDF2)`,
    );
  }
  const kdfFields = children(kdfParams);
  const salt = kdfFields[0];
  const iterations = kdfFields[1];
  let rest = kdfFields.slice(2);
  let keyLength: number | undefined;
  if (rest[0] instanceof asn1js.Integer) {
    keyLength = rest[0].valueBlock.valueDec;
    rest = rest.slice(1);
  }
  const prf = rest[0] === undefined ? '1.2.840.113549.2.7' : oid(children(rest[0])[0]);
  const [cipherOid, iv] = children(encryptionScheme);
  if (
    !(salt instanceof asn1js.OctetString) ||
    !(iterations instanceof asn1js.Integer) ||
    !(iv instanceof asn1js.OctetString) ||
    !(encrypted instanceof asn1js.OctetString) ||
    prf === undefined ||
    oid(cipherOid) === undefined
  ) {
    throw malformed();
  }
  return {
    salt: salt.valueBlock.valueHexView,
    iterations: iterations.valueBlock.valueDec,
    keyLength,
    prf,
    cipher: oid(cipherOid) ?? '',
    iv: iv.valueBlock.valueHexView,
    encrypted: encrypted.valueBlock.valueHexView,
  };
}

function children(node: unknown): unknown[] {
  if (node instanceof asn1js.Sequence) return node.valueBlock.value;
  throw new CryptoError('PRIVATE_KEY_MALFORMED', 'The key is not an encrypted PKCS#8 key');
}

function oid(node: unknown): string | undefined {
  return node instanceof asn1js.ObjectIdentifier ? node.getValue() : undefined;
}

function isWholeDerSequence(bytes: Uint8Array): boolean {
  const parsed = asn1js.fromBER(bytes);
  return parsed.offset === bytes.byteLength && parsed.result instanceof asn1js.Sequence;
}
