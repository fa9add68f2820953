import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  CertificateInput,
  decryptEnveloped,
  encryptEnveloped,
  importGostPrivateKey,
  parseCertificate,
  SigningKey,
} from '@tks/crypto';

/**
 * Encryption of a container's content for the recipient tax office: CMS EnvelopedData (RFC 5652 §6).
 *
 * For a GOST R 34.10-2012 certificate (what the tax service has), GOST key agreement (KEG, KExp15)
 * and Kuznyechik CTR-ACPKM, as FNS requires for documents since July 2024 and as OpenSSL's GOST
 * engine writes it (`encryptEnveloped`, docs/decisions/0005-gost-encryption.md).
 *
 * For an ECDSA or RSA certificate (a deployment that configures one, e.g. a test without GOST keys),
 * PKI.js with AES-256-CBC and RSA-OAEP key transport or ECDH key agreement: the structure is the
 * format's, the algorithms are not, so the tax service would not read it (docs/decisions/0008-tax-office-channel.md).
 */
const engine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto });
const ENVELOPED_DATA = '1.2.840.113549.1.7.3';
/** id-tc26-gost3410-12-256 / -512 (the key algorithms of GOST R 34.10-2012 certificates). */
const GOST_2012_KEYS = ['1.2.643.7.1.1.1.1', '1.2.643.7.1.1.1.2'];

export function isGostCertificate(certificate: CertificateInput): boolean {
  const key = parseCertificate(certificate).subjectPublicKeyInfo.algorithm.algorithmId;
  return GOST_2012_KEYS.includes(key);
}

export async function encryptForRecipient(content: Uint8Array, recipient: CertificateInput): Promise<Buffer> {
  if (isGostCertificate(recipient)) return encryptEnveloped(content, recipient);
  const enveloped = new pkijs.EnvelopedData();
  enveloped.addRecipientByCertificate(
    parseCertificate(recipient),
    { oaepHashAlgorithm: 'SHA-256' },
    undefined,
    engine,
  );
  const aes256: Parameters<pkijs.EnvelopedData['encrypt']>[0] = { name: 'AES-CBC', length: 256 };
  await enveloped.encrypt(aes256, new Uint8Array(content).buffer, engine);
  const contentInfo = new pkijs.ContentInfo({ contentType: ENVELOPED_DATA, content: enveloped.toSchema() });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}

/**
 * A recipient's GOST key, imported once per key: the import checks the key against its certificate
 * with a signature (pure JavaScript, milliseconds), and a container holds several documents.
 */
const importedGostKeys = new WeakMap<Uint8Array, SigningKey>();
function gostKey(pkcs8: Uint8Array, certificate: CertificateInput): SigningKey {
  let key = importedGostKeys.get(pkcs8);
  if (!key) {
    key = importGostPrivateKey(pkcs8, certificate);
    importedGostKeys.set(pkcs8, key);
  }
  return key;
}

/** Decrypts with the recipient's certificate and PKCS#8 private key; throws when it is not theirs. */
export async function decryptForRecipient(
  enveloped: Uint8Array,
  recipient: CertificateInput,
  privateKeyPkcs8: Uint8Array,
): Promise<Buffer> {
  if (isGostCertificate(recipient)) {
    return decryptEnveloped(enveloped, {
      certificate: recipient,
      privateKey: gostKey(privateKeyPkcs8, recipient),
    });
  }
  const asn1 = asn1js.fromBER(enveloped);
  if (asn1.offset === -1) throw new Error('encrypted content is not BER');
  const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  if (contentInfo.contentType !== ENVELOPED_DATA) throw new Error('content is not CMS EnvelopedData');
  const data = new pkijs.EnvelopedData({ schema: contentInfo.content });
  const decrypted = await data.decrypt(
    0,
    { recipientCertificate: parseCertificate(recipient), recipientPrivateKey: privateKeyPkcs8 },
    engine,
  );
  return Buffer.from(decrypted);
}

export function isEnvelopedData(bytes: Uint8Array): boolean {
  try {
    const asn1 = asn1js.fromBER(bytes);
    return (
      asn1.offset !== -1 && new pkijs.ContentInfo({ schema: asn1.result }).contentType === ENVELOPED_DATA
    );
  } catch {
    return false;
  }
}
