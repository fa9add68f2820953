import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CertificateInput, parseCertificate } from '@tks/crypto';

/**
 * Encryption of a container's content for the recipient tax office: CMS EnvelopedData (RFC 5652 §6)
 * with PKI.js, AES-256-CBC for the content and, chosen by the certificate's key, RSA-OAEP key
 * transport or ECDH (dhSinglePass-stdDH) key agreement with AES key wrap.
 *
 * FNS requires GOST 34.12/34.13-2018 (Kuznyechik) for documents since July 2024; no maintained
 * JavaScript implementation plugs into PKI.js, so GOST encryption is out of reach here and only
 * the structure (EnvelopedData for the recipient's certificate) is the format's.
 */
const engine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto });
const ENVELOPED_DATA = '1.2.840.113549.1.7.3';

export async function encryptForRecipient(content: Uint8Array, recipient: CertificateInput): Promise<Buffer> {
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

/** Decrypts with the recipient's certificate and PKCS#8 private key; throws when it is not theirs. */
export async function decryptForRecipient(
  enveloped: Uint8Array,
  recipient: CertificateInput,
  privateKeyPkcs8: Uint8Array,
): Promise<Buffer> {
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
