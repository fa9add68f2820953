import { createPrivateKey, createPublicKey, KeyObject, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CmsEngine } from './cms-engine';
import { createGostEngine } from './gost-engine';
import { GOST_OID } from './gost-parameters';
import { importGostPrivateKey } from './gost-software-key';
import { CertificateInput, readCertificate } from './certificate';
import { CryptoError } from './errors';
import { SigningKey } from './signing-key';
import { SigningIdentity, SigningProvider } from './signing-provider';

/** A PKI.js engine over Node's WebCrypto: software keys, and verification for every provider. */
export function createSoftwareEngine(): CmsEngine {
  return new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto });
}

/** A software private key: a PEM text (PKCS#8 or the traditional EC/RSA forms) or PKCS#8 DER. */
export type PrivateKeyInput = string | Uint8Array;

export interface SoftwareIdentityFiles {
  readonly label: string;
  readonly privateKeyFile: string;
  readonly certificateFile: string;
}

const GOST_KEY_OIDS: ReadonlySet<string> = new Set([GOST_OID.key256, GOST_OID.key512]);

const NAMED_CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

/**
 * The SigningProvider for keys held in memory: unit tests, and deployments without a token. RSA keys
 * are bound to SHA-256 (RSASSA-PKCS1-v1_5), the only hash the signer is asked for today.
 */
export class SoftwareSigningProvider implements SigningProvider {
  /** WebCrypto, and GOST R 34.10-2012 for GOST key files (gost-software-key.ts). */
  readonly engine = createGostEngine();
  private readonly identities = new Map<string, SigningIdentity>();

  static async fromFiles(files: readonly SoftwareIdentityFiles[]): Promise<SoftwareSigningProvider> {
    const provider = new SoftwareSigningProvider();
    for (const file of files) {
      const [key, certificate] = await Promise.all([
        readFile(file.privateKeyFile),
        readFile(file.certificateFile),
      ]);
      await provider.addIdentity(file.label, asPemOrDer(key), asPemOrDer(certificate));
    }
    return provider;
  }

  /** Registers a key under a label; a key given as PEM/DER is imported non-extractable. */
  async addIdentity(
    label: string,
    privateKey: SigningKey | PrivateKeyInput,
    certificate: CertificateInput,
  ): Promise<SigningIdentity> {
    const { certificate: parsed, der } = readCertificate(certificate);
    const key = isCryptoKey(privateKey) ? privateKey : await importPrivateKey(privateKey, parsed);
    const identity: SigningIdentity = { label, privateKey: key, certificate: parsed, certificateDer: der };
    this.identities.set(label, identity);
    return identity;
  }

  async findSigningIdentity(label: string): Promise<SigningIdentity> {
    const identity = this.identities.get(label);
    if (!identity) throw new CryptoError('KEY_NOT_FOUND', `No software key labelled "${label}"`);
    return identity;
  }

  async close(): Promise<void> {
    this.identities.clear();
  }
}

/** Imports a private key for signing, refusing one that does not belong to the certificate. */
export async function importPrivateKey(
  input: PrivateKeyInput,
  certificate: pkijs.Certificate,
): Promise<SigningKey> {
  if (GOST_KEY_OIDS.has(certificate.subjectPublicKeyInfo.algorithm.algorithmId)) {
    // Node's OpenSSL has no GOST: such keys are read and used by the GOST engine.
    return importGostPrivateKey(input, certificate);
  }
  let keyObject: KeyObject;
  try {
    keyObject =
      typeof input === 'string'
        ? createPrivateKey({ key: input, format: 'pem' })
        : createPrivateKey({ key: Buffer.from(input), format: 'der', type: 'pkcs8' });
  } catch {
    // The parser's message is dropped on purpose: it may quote parts of the key.
    throw new CryptoError('PRIVATE_KEY_MALFORMED', 'Private key is neither PEM nor PKCS#8 DER');
  }
  if (!publicKeyMatches(keyObject, certificate)) {
    throw new CryptoError('KEY_CERTIFICATE_MISMATCH', 'Private key does not belong to the certificate');
  }
  const pkcs8 = keyObject.export({ format: 'der', type: 'pkcs8' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, importAlgorithm(keyObject), false, ['sign']);
}

function importAlgorithm(
  keyObject: KeyObject,
): webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams {
  if (keyObject.asymmetricKeyType === 'ec') {
    const curve = NAMED_CURVES[keyObject.asymmetricKeyDetails?.namedCurve ?? ''];
    if (curve) return { name: 'ECDSA', namedCurve: curve };
  }
  if (keyObject.asymmetricKeyType === 'rsa') {
    return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  }
  throw new CryptoError(
    'UNSUPPORTED_KEY_ALGORITHM',
    `Unsupported software key type ${keyObject.asymmetricKeyType ?? 'unknown'}`,
  );
}

function publicKeyMatches(keyObject: KeyObject, certificate: pkijs.Certificate): boolean {
  const spki = createPublicKey(keyObject).export({ format: 'der', type: 'spki' });
  const publicKeyInfo = new pkijs.PublicKeyInfo({ schema: asn1js.fromBER(spki).result });
  return Buffer.from(publicKeyInfo.subjectPublicKey.valueBlock.valueHexView).equals(
    Buffer.from(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
  );
}

function isCryptoKey(value: SigningKey | PrivateKeyInput): value is SigningKey {
  return typeof value !== 'string' && !(value instanceof Uint8Array);
}

function asPemOrDer(bytes: Buffer): PrivateKeyInput {
  return bytes.subarray(0, 11).toString('latin1') === '-----BEGIN '
    ? bytes.toString('utf8')
    : new Uint8Array(bytes);
}
