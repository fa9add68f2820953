import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CertificateInput, parseCertificate } from './certificate';
import { concat } from './bytes';
import {
  applyContentCipher,
  contentCipherByOid,
  contentCipherStream,
  contentCipherIv,
  contentCipherParameters,
  contentUkmBytes,
  GOST_CONTENT_CIPHERS,
  GostContentCipher,
  GostContentCipherName,
} from './gost-content-cipher';
import { GOST_ENCRYPTION_OID } from './gost-encryption-oids';
import { GostEnvelopeError } from './gost-envelope-error';
import { exportContentKey, importContentKey } from './gost-key-transport';
import { GostPublicKey, gostPublicKeyOf } from './gost-recipient-key';
import { GostPrivateKey, gostPrivateKeyOf, importGostPrivateKey } from './gost-software-key';
import { SigningKey } from './signing-key';

/**
 * CMS EnvelopedData (RFC 5652 §6) with GOST key transport, as OpenSSL's GOST engine writes and reads it
 * (`openssl cms -encrypt -engine gost -kuznyechik-ctr-acpkm -recip cert.pem`): one
 * KeyTransRecipientInfo per recipient (version 0, issuer and serial number), key encryption algorithm
 * KExp15 of the content's cipher with SEQUENCE { id-tc26-agreement-gost-3410-2012-256/512 }, the
 * content in CTR-ACPKM. Output is DER. startEnveloped writes the same envelope in pieces (one section
 * of keystream in memory); decryption holds the whole envelope and its plaintext.
 */
export type GostEnvelopeCipher = GostContentCipherName;

export interface EncryptEnvelopedOptions {
  /** Default kuznyechik-ctr-acpkm (GOST R 34.12-2015 Kuznyechik), what the tax service requires. */
  readonly cipher?: GostEnvelopeCipher;
}

export interface EnvelopeRecipient {
  readonly certificate: CertificateInput;
  /** PKCS#8 (PEM or DER) as OpenSSL's GOST engine writes it, or a key from importGostPrivateKey. */
  readonly privateKey: string | Uint8Array | SigningKey;
}

export async function encryptEnveloped(
  content: Uint8Array,
  recipientCertificates: CertificateInput | readonly CertificateInput[],
  options: EncryptEnvelopedOptions = {},
): Promise<Buffer> {
  const envelope = startEnveloped(content.byteLength, recipientCertificates, options);
  try {
    return Buffer.concat([envelope.header, envelope.encrypt(content)]);
  } finally {
    envelope.close();
  }
}

/**
 * An envelope written in pieces: its DER up to the first byte of ciphertext, then the content
 * encrypted piece by piece in order. CTR keeps the length, so the DER's lengths are known from the
 * content's length before any of it is read; the bytes are those encryptEnveloped writes.
 */
export interface StreamedEnvelope {
  readonly header: Buffer;
  /** header plus ciphertext. */
  readonly size: number;
  encrypt(piece: Uint8Array): Uint8Array;
  /** Forgets the content key; call it whether or not the content was all encrypted. */
  close(): void;
}

export function startEnveloped(
  contentLength: number,
  recipientCertificates: CertificateInput | readonly CertificateInput[],
  options: EncryptEnvelopedOptions = {},
): StreamedEnvelope {
  const cipher = GOST_CONTENT_CIPHERS[options.cipher ?? 'kuznyechik-ctr-acpkm'];
  if (!cipher)
    throw new GostEnvelopeError('UNSUPPORTED_ALGORITHM', `unknown cipher ${String(options.cipher)}`);
  const certificates = (
    Array.isArray(recipientCertificates) ? recipientCertificates : [recipientCertificates]
  ).map((input: CertificateInput) => parseCertificate(input));
  if (certificates.length === 0) throw new RangeError('encryptEnveloped needs at least one recipient');

  const contentKey = new Uint8Array(randomBytes(32));
  const ukm = new Uint8Array(randomBytes(contentUkmBytes(cipher)));
  const iv = ukm.subarray(0, cipher.blockCipher.blockSize / 2);
  const recipientInfos = certificates.map(
    (certificate) =>
      new pkijs.RecipientInfo({ variant: 1, value: recipientInfo(cipher, contentKey, certificate) }),
  );
  const keystream = contentCipherStream(cipher, contentKey, iv);
  contentKey.fill(0);
  // ContentInfo { envelopedData, [0] EnvelopedData { 0, recipientInfos, EncryptedContentInfo {
  // data, algorithm, [0] IMPLICIT OCTET STRING } } }, DER, the ciphertext last.
  const der = (value: asn1js.BaseBlock) => Buffer.from(value.toBER(false));
  const algorithm = new pkijs.AlgorithmIdentifier({
    algorithmId: cipher.oid,
    algorithmParams: contentCipherParameters(ukm),
  });
  const eciHead = [
    der(new asn1js.ObjectIdentifier({ value: GOST_ENCRYPTION_OID.data })),
    der(algorithm.toSchema()),
    derHeader(0x80, contentLength),
  ];
  const envelopedHead = [
    der(new asn1js.Integer({ value: 0 })),
    der(new asn1js.Set({ value: recipientInfos.map((info) => info.toSchema()) })),
    ...wrap(0x30, eciHead, contentLength),
  ];
  const infoHead = [
    der(new asn1js.ObjectIdentifier({ value: GOST_ENCRYPTION_OID.envelopedData })),
    ...wrap(0xa0, wrap(0x30, envelopedHead, contentLength), contentLength),
  ];
  const header = Buffer.concat(wrap(0x30, infoHead, contentLength));
  let encrypted = 0;
  return {
    header,
    size: header.length + contentLength,
    encrypt: (piece) => {
      encrypted += piece.byteLength;
      if (encrypted > contentLength) throw new RangeError('more content than the envelope announced');
      return keystream.update(piece);
    },
    close: () => keystream.close(),
  };
}

/** A DER tag and length. */
function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
}

/** The pieces of a constructed value whose last `trailing` bytes (the ciphertext) follow later. */
function wrap(tag: number, pieces: Buffer[], trailing: number): Buffer[] {
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0) + trailing;
  return [derHeader(tag, length), ...pieces];
}

export async function decryptEnveloped(envelope: Uint8Array, recipient: EnvelopeRecipient): Promise<Buffer> {
  const certificate = parseCertificate(recipient.certificate);
  const publicKey = gostPublicKeyOf(certificate.subjectPublicKeyInfo, "the recipient's certificate");
  const privateKey = recipientPrivateKey(recipient, certificate);
  const enveloped = readEnvelopedData(envelope);
  const { encryptedContentInfo } = enveloped;
  const cipher = contentCipherByOid(encryptedContentInfo.contentEncryptionAlgorithm.algorithmId);
  const info = enveloped.recipientInfos
    .map((candidate) => candidate.value)
    .find(
      (candidate): candidate is pkijs.KeyTransRecipientInfo =>
        candidate instanceof pkijs.KeyTransRecipientInfo && namesCertificate(candidate.rid, certificate),
    );
  if (!info) {
    throw new GostEnvelopeError('RECIPIENT_NOT_FOUND', 'the envelope is not encrypted for this certificate');
  }
  checkKeyEncryptionAlgorithm(info.keyEncryptionAlgorithm, cipher, publicKey);
  const contentKey = importContentKey(
    cipher,
    info.encryptedKey.valueBlock.valueHexView,
    privateKey,
    publicKey,
  );
  const iv = contentCipherIv(cipher, encryptedContentInfo.contentEncryptionAlgorithm.algorithmParams);
  const content = applyContentCipher(cipher, contentKey, iv, encryptedBytes(encryptedContentInfo));
  contentKey.fill(0);
  return Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

function recipientInfo(
  cipher: GostContentCipher,
  contentKey: Uint8Array,
  certificate: pkijs.Certificate,
): pkijs.KeyTransRecipientInfo {
  const publicKey = gostPublicKeyOf(certificate.subjectPublicKeyInfo, "the recipient's certificate");
  return new pkijs.KeyTransRecipientInfo({
    version: 0,
    rid: new pkijs.IssuerAndSerialNumber({
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber,
    }),
    keyEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: cipher.keyExportOid,
      algorithmParams: new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: agreementOid(publicKey) })],
      }),
    }),
    encryptedKey: new asn1js.OctetString({ valueHex: exportContentKey(cipher, contentKey, publicKey) }),
  });
}

function agreementOid(publicKey: GostPublicKey): string {
  return publicKey.parameterSet.length === 256
    ? GOST_ENCRYPTION_OID.agreement256
    : GOST_ENCRYPTION_OID.agreement512;
}

/** The engine only reads the OID; the agreement parameter, when present, must fit the key. */
function checkKeyEncryptionAlgorithm(
  algorithm: pkijs.AlgorithmIdentifier,
  cipher: GostContentCipher,
  publicKey: GostPublicKey,
): void {
  if (algorithm.algorithmId !== cipher.keyExportOid) {
    throw new GostEnvelopeError(
      'UNSUPPORTED_ALGORITHM',
      `key transport ${algorithm.algorithmId} does not go with ${cipher.name} (expected ${cipher.keyExportOid})`,
    );
  }
  const params: unknown = algorithm.algorithmParams;
  const agreement = params instanceof asn1js.Sequence ? params.valueBlock.value[0] : undefined;
  if (agreement instanceof asn1js.ObjectIdentifier && agreement.getValue() !== agreementOid(publicKey)) {
    throw new GostEnvelopeError(
      'ENVELOPE_MALFORMED',
      `key agreement ${agreement.getValue()} does not fit the key`,
    );
  }
}

function recipientPrivateKey(recipient: EnvelopeRecipient, certificate: pkijs.Certificate): GostPrivateKey {
  const { privateKey } = recipient;
  const handle =
    typeof privateKey === 'string' || privateKey instanceof Uint8Array
      ? importGostPrivateKey(privateKey, certificate)
      : privateKey;
  const key = gostPrivateKeyOf(handle);
  if (!key)
    throw new GostEnvelopeError('UNSUPPORTED_RECIPIENT_KEY', 'the private key is not a GOST key file');
  return key;
}

function readEnvelopedData(envelope: Uint8Array): pkijs.EnvelopedData {
  try {
    const asn1 = asn1js.fromBER(envelope);
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== GOST_ENCRYPTION_OID.envelopedData)
      throw new Error(contentInfo.contentType);
    return new pkijs.EnvelopedData({ schema: contentInfo.content });
  } catch {
    throw new GostEnvelopeError('ENVELOPE_MALFORMED', 'the input is not CMS EnvelopedData');
  }
}

function namesCertificate(rid: pkijs.KeyTransRecipientInfo['rid'], certificate: pkijs.Certificate): boolean {
  if (rid instanceof pkijs.IssuerAndSerialNumber) {
    return rid.issuer.isEqual(certificate.issuer) && rid.serialNumber.isEqual(certificate.serialNumber);
  }
  const keyId = certificate.extensions?.find((extension) => extension.extnID === '2.5.29.14')?.parsedValue;
  return keyId instanceof asn1js.OctetString && keyId.isEqual(rid);
}

/** Primitive [0] as DER writes it, or the constructed pieces of BER (RFC 5652 §6.1 allows both). */
function encryptedBytes(info: pkijs.EncryptedContentInfo): Uint8Array {
  const value = info.encryptedContent;
  if (!value) throw new GostEnvelopeError('ENVELOPE_MALFORMED', 'the envelope has no encrypted content');
  if (!value.idBlock.isConstructed) return value.valueBlock.valueHexView;
  const pieces = (value.valueBlock as unknown as { value: asn1js.BaseBlock[] }).value;
  return concat(
    pieces.map((piece) => {
      if (!(piece instanceof asn1js.OctetString)) {
        throw new GostEnvelopeError('ENVELOPE_MALFORMED', 'the encrypted content is not OCTET STRING pieces');
      }
      return piece.valueBlock.valueHexView;
    }),
  );
}
