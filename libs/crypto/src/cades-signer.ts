import * as pkijs from 'pkijs';
import { CmsEngine } from './cms-engine';
import { cadesBesSignedAttributes } from './cades-attributes';
import { CertificateInput, CertificateWithDer, readCertificate } from './certificate';
import { encodeSignedData } from './cms-writer';
import { DetachedContent, isContentDigest, readDetachedContent } from './content-digest';
import { CryptoError } from './errors';
import { HashAlgorithmName, hashAlgorithmInfo } from './hash-algorithm';
import { OID } from './oids';
import { keyBoundHash, SigningKey } from './signing-key';
import { signingCertificateV2Attribute } from './signing-certificate';

export interface SignDetachedParams {
  /** The content to sign, or its digest computed beforehand (see digestStream) for large files. */
  readonly content: DetachedContent;
  /** The signer's certificate; it is embedded in the CMS and hashed into signing-certificate-v2. */
  readonly certificate: CertificateInput;
  /** ECDSA or RSASSA-PKCS1-v1_5 key, in software or on a token; it must match the certificate. */
  readonly privateKey: SigningKey;
  /** Performs every cryptographic operation, so the same code signs on a token, in software or in GOST. */
  readonly engine: CmsEngine;
  /** Written as the signing-time attribute; passed in so callers (and tests) own the clock. */
  readonly signingTime: Date;
  readonly hash?: HashAlgorithmName;
}

/**
 * Creates a detached CAdES-BES signature: a DER ContentInfo(SignedData) without eContent, with the
 * signer's certificate, a SignerInfo identified by issuer and serial number, and the signed
 * attributes content-type, message-digest, signing-time and signing-certificate-v2.
 */
export async function signDetached(params: SignDetachedParams): Promise<Buffer> {
  const hash = params.hash ?? 'SHA-256';
  const { engine, privateKey } = params;
  const entry = signerEntry(params.certificate);
  const { signer } = entry;
  const boundHash = keyBoundHash(privateKey);
  if (boundHash !== undefined && boundHash.toUpperCase() !== hash) {
    // PKI.js would sign with the key's own hash and leave digestAlgorithm saying another one.
    throw new CryptoError(
      'UNSUPPORTED_KEY_ALGORITHM',
      `Key is bound to ${boundHash}, signature asks for ${hash}`,
    );
  }

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: signer.certificate.issuer,
      serialNumber: signer.certificate.serialNumber,
    }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: cadesBesSignedAttributes({
        messageDigest: await messageDigest(params.content, hash, engine),
        signingTime: params.signingTime,
        signingCertificateV2: await essAttribute(entry, hash, engine),
      }),
    }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [signerInfo],
  });
  // With signed attributes present PKI.js signs their DER and ignores the data argument.
  await signedData.sign(privateKey, 0, hash, undefined, engine);
  return encodeSignedData(signedData, [signer.der]);
}

/**
 * A signer signs thousands of documents with one certificate, and parsing it and hashing it into
 * signing-certificate-v2 cost more than the token's signature (bench/signer-throughput.ts). Both are
 * kept per certificate object (DER bytes or parsed), which callers such as SigningIdentity hold for
 * their lifetime; PEM text is parsed each time.
 */
interface SignerEntry {
  readonly signer: CertificateWithDer;
  /** Per engine too: the certificate hash is computed by the engine the caller passes in. */
  readonly essAttributes: WeakMap<CmsEngine, Map<HashAlgorithmName, Promise<pkijs.Attribute>>>;
}
const signerCache = new WeakMap<object, SignerEntry>();

function signerEntry(input: CertificateInput): SignerEntry {
  const cached = typeof input === 'string' ? undefined : signerCache.get(input);
  if (cached) return cached;
  const entry: SignerEntry = { signer: readCertificate(input), essAttributes: new WeakMap() };
  if (typeof input !== 'string') signerCache.set(input, entry);
  return entry;
}

function essAttribute(
  entry: SignerEntry,
  hash: HashAlgorithmName,
  engine: CmsEngine,
): Promise<pkijs.Attribute> {
  let byHash = entry.essAttributes.get(engine);
  if (!byHash) {
    byHash = new Map();
    entry.essAttributes.set(engine, byHash);
  }
  let attribute = byHash.get(hash);
  if (!attribute) {
    attribute = signingCertificateV2Attribute(entry.signer, hash, engine);
    const cache = byHash;
    // A failed hash is not remembered: the next signature tries again.
    attribute.catch(() => cache.delete(hash));
    byHash.set(hash, attribute);
  }
  return attribute;
}

async function messageDigest(
  content: DetachedContent,
  hash: HashAlgorithmName,
  engine: CmsEngine,
): Promise<Uint8Array> {
  content = await readDetachedContent(content, hash);
  if (!isContentDigest(content)) {
    return new Uint8Array(await engine.digest({ name: hash }, content));
  }
  if (content.hash !== hash || content.digest.byteLength !== hashAlgorithmInfo(hash).length) {
    throw new RangeError(`Precomputed digest is not a ${hash} digest`);
  }
  return content.digest;
}
