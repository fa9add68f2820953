import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CmsEngine } from './cms-engine';
import {
  CertificateInput,
  CertificateSummary,
  CertificateWithDer,
  certificateValidityAt,
  describeCertificate,
  parseCertificate,
} from './certificate';
import {
  DetachedContent,
  gatherStreamedContent,
  isContentDigest,
  isStreamedContent,
  readDetachedContent,
} from './content-digest';
import { isHashAlgorithmName } from './hash-algorithm';
import { findSignerCertificate, readSignedDataToVerify } from './cms-reader';
import { isLegacyGostOid } from './gost-legacy';
import { OID } from './oids';
import { checkEssCertId, EssCertId, readSigningCertificate } from './signing-certificate';
import { VERIFICATION_REASONS, VerificationReason, VerificationReasonCode } from './verification-reason';

export interface VerifyDetachedParams {
  /** DER ContentInfo(SignedData) without eContent. */
  readonly signature: Uint8Array;
  /** The content the signature claims to cover, or its precomputed digest. */
  readonly content: DetachedContent;
  readonly engine: CmsEngine;
  /** When given, the signer's certificate must chain to one of these (CERT_UNTRUSTED otherwise). */
  readonly trustedCertificates?: readonly CertificateInput[];
  /** A moment at which the certificate must also be valid, e.g. the time the filing was received. */
  readonly atTime?: Date;
  /** Which SignerInfo to check; co-signatures add SignerInfos to the same CMS. Defaults to 0. */
  readonly signerIndex?: number;
  /**
   * Default true: without signing-certificate(-v2) the signature is not CAdES-BES and fails with
   * SIGNING_CERT_ATTR_MISSING. False for plain CMS signatures of archived containers (signatures
   * of other operators' software before CAdES was asked for): the attribute is checked when present.
   */
  readonly requireSigningCertificate?: boolean;
  /**
   * Default false: a GOST R 34.10-2001 / 34.11-94 signature (legacyAlgorithm) fails with
   * UNSUPPORTED_ALGORITHM, as no new filing may be signed with them. True verifies it, for archives
   * (containers read back, `tks verify`); the result still says legacyAlgorithm.
   */
  readonly allowLegacyAlgorithms?: boolean;
}

export type SignerSummary = Pick<CertificateSummary, 'subject' | 'serialNumber' | 'issuer'>;

export interface VerificationResult {
  readonly valid: boolean;
  readonly reason: VerificationReason;
  readonly code: VerificationReasonCode;
  /** What exactly failed, for logs and support; never content or key material. */
  readonly detail?: string;
  readonly signer?: SignerSummary;
  /** Names the engine gives the SignerInfo's algorithms, or their OIDs when it knows none. */
  readonly algorithm?: { readonly digest: string; readonly signature: string };
  readonly signingTime?: Date;
  readonly certificate?: pkijs.Certificate;
  readonly signerCount?: number;
  /**
   * The signature uses GOST R 34.10-2001 / 34.11-94 (gost-legacy.ts): it may be valid as an archive,
   * and no new filing is accepted with it.
   */
  readonly legacyAlgorithm?: boolean;
}

/** What is learnt about the signature on the way, reported whether or not a later check fails. */
type Facts = {
  -readonly [
    K in keyof Omit<VerificationResult, 'valid' | 'reason' | 'code' | 'detail'>
  ]: VerificationResult[K];
};

/** Thrown inside the checks to stop at the first failure; never escapes verifyDetached. */
class CheckFailed extends Error {
  constructor(
    readonly reason: Exclude<VerificationReason, 'VALID'>,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Verifies a detached CAdES-BES signature and says why it is or is not valid (reasons and their order
 * in verification-reason.ts). Never throws for a bad signature: the result is stored and shown.
 *
 * PKI.js' SignedData.verify is not used for the core checks: it reports a digest mismatch, an exception
 * and an unparsable signature all as code 15 (told apart only by message text), needs the whole content
 * in memory, and does not look at the ESS attributes. Its building blocks (the engine's
 * verifyWithPublicKey, CertificateChainValidationEngine) are used instead.
 */
export async function verifyDetached(params: VerifyDetachedParams): Promise<VerificationResult> {
  const facts: Facts = {};
  try {
    await runChecks(params, facts);
    return { valid: true, reason: 'VALID', code: VERIFICATION_REASONS.VALID, ...facts };
  } catch (error) {
    if (error instanceof CheckFailed) {
      return {
        valid: false,
        reason: error.reason,
        code: VERIFICATION_REASONS[error.reason],
        detail: error.detail,
        ...facts,
      };
    }
    throw error;
  }
}

async function runChecks(params: VerifyDetachedParams, facts: Facts): Promise<void> {
  const { engine } = params;
  const parsed = attempt('MALFORMED_CMS', () => readSignedDataToVerify(params.signature));
  const { signedData } = parsed;
  facts.signerCount = signedData.signerInfos.length;
  const signerInfo = signedData.signerInfos[params.signerIndex ?? 0];
  if (!signerInfo)
    throw new CheckFailed('MALFORMED_CMS', `no SignerInfo at index ${params.signerIndex ?? 0}`);
  if (signedData.encapContentInfo.eContent)
    throw new CheckFailed('MALFORMED_CMS', 'signature is not detached');
  const { signedAttrs } = signerInfo;
  if (!signedAttrs) throw new CheckFailed('MALFORMED_CMS', 'no signed attributes: not CAdES');

  const attrs = attempt('MALFORMED_CMS', () =>
    readAttributes(signedAttrs.attributes, signedData.encapContentInfo.eContentType),
  );
  facts.signingTime = attrs.signingTime;
  const digestName = algorithmName(engine, signerInfo.digestAlgorithm.algorithmId);
  facts.algorithm = {
    digest: digestName ?? signerInfo.digestAlgorithm.algorithmId,
    signature: signatureAlgorithmName(engine, signerInfo.signatureAlgorithm.algorithmId),
  };
  if (
    isLegacyGostOid(signerInfo.digestAlgorithm.algorithmId) ||
    isLegacyGostOid(signerInfo.signatureAlgorithm.algorithmId)
  ) {
    facts.legacyAlgorithm = true;
    if (params.allowLegacyAlgorithms !== true) {
      throw new CheckFailed(
        'UNSUPPORTED_ALGORITHM',
        'GOST R 34.10-2001 / 34.11-94: valid for archives only, not for new filings',
      );
    }
  }
  if (!digestName)
    throw new CheckFailed('UNSUPPORTED_ALGORITHM', `digest ${signerInfo.digestAlgorithm.algorithmId}`);

  const signer = await findSignerCertificate(signerInfo, parsed.certificates, engine);
  if (!signer) throw new CheckFailed('SIGNER_CERT_MISSING', 'no embedded certificate matches the sid');
  facts.certificate = signer.certificate;
  const { subject, serialNumber, issuer } = describeCertificate(signer.certificate);
  facts.signer = { subject, serialNumber, issuer };

  await checkMessageDigest(params.content, digestName, attrs.messageDigest, engine);
  await checkSignature(signerInfo, signedAttrs, signer, digestName, engine);
  if (attrs.essCertId || params.requireSigningCertificate !== false) {
    await checkSigningCertificateAttribute(attrs.essCertId, signer, engine);
  }
  checkValidity(signer.certificate, attrs.signingTime, params.atTime);
  if (params.trustedCertificates) {
    // The chain is judged when the signature was made; atTime only adds the end-entity check above.
    const checkDate = attrs.signingTime ?? params.atTime ?? new Date();
    await checkChain(
      signer,
      parsed.certificates,
      params.trustedCertificates.map(parseCertificate),
      checkDate,
      engine,
    );
  }
}

interface SignedAttributeValues {
  readonly messageDigest: Uint8Array;
  readonly signingTime?: Date;
  readonly essCertId?: EssCertId;
}

/** RFC 5652 §5.3: content-type and message-digest are mandatory once signed attributes are present. */
function readAttributes(attributes: readonly pkijs.Attribute[], eContentType: string): SignedAttributeValues {
  const single = (type: string): unknown => {
    const found = attributes.filter((attribute) => attribute.type === type);
    if (found.length > 1 || (found.length === 1 && found[0].values.length !== 1)) {
      throw new Error(`attribute ${type} must occur once with one value`);
    }
    return found[0]?.values[0];
  };
  const contentType = single(OID.contentType);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.getValue() !== eContentType) {
    throw new Error('content-type attribute missing or not the eContentType');
  }
  const messageDigest = single(OID.messageDigest);
  if (!(messageDigest instanceof asn1js.OctetString)) throw new Error('message-digest attribute missing');
  const signingTime = single(OID.signingTime);
  if (
    signingTime !== undefined &&
    !(signingTime instanceof asn1js.UTCTime || signingTime instanceof asn1js.GeneralizedTime)
  ) {
    throw new Error('signing-time attribute is not a time');
  }
  return {
    messageDigest: new Uint8Array(messageDigest.valueBlock.valueHexView),
    signingTime: signingTime?.toDate(),
    essCertId: readSigningCertificate(attributes),
  };
}

async function checkMessageDigest(
  content: DetachedContent,
  digestName: string,
  expected: Uint8Array,
  engine: CmsEngine,
): Promise<void> {
  let actual: Uint8Array;
  const hash = digestName.toUpperCase();
  if (isStreamedContent(content)) {
    // Legacy digests (GOST R 34.11-94, archives only) are computed by the engine over the whole.
    content = isHashAlgorithmName(hash)
      ? await readDetachedContent(content, hash)
      : await gatherStreamedContent(content);
  }
  if (isContentDigest(content)) {
    if (content.hash !== digestName.toUpperCase()) {
      throw new CheckFailed(
        'UNSUPPORTED_ALGORITHM',
        `content digest is ${content.hash}, signature uses ${digestName}`,
      );
    }
    actual = content.digest;
  } else {
    actual = new Uint8Array(await engine.digest({ name: digestName }, content));
  }
  if (!Buffer.from(actual).equals(Buffer.from(expected))) {
    throw new CheckFailed(
      'CONTENT_DIGEST_MISMATCH',
      'the content digest differs from the message-digest attribute',
    );
  }
}

async function checkSignature(
  signerInfo: pkijs.SignerInfo,
  signedAttrs: pkijs.SignedAndUnsignedAttributes,
  signer: CertificateWithDer,
  digestName: string,
  engine: CmsEngine,
): Promise<void> {
  let verified: boolean;
  try {
    // OpenSSL writes rsaEncryption as the signature algorithm; the hash then comes from digestAlgorithm.
    verified = await engine.verifyWithPublicKey(
      signedAttrs.encodedValue,
      signerInfo.signature,
      signer.certificate.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm,
      signerInfo.signatureAlgorithm.algorithmId === OID.rsaEncryption ? digestName : undefined,
    );
  } catch (error) {
    throw new CheckFailed('SIGNATURE_INVALID', `signature could not be checked: ${errorMessage(error)}`);
  }
  if (!verified)
    throw new CheckFailed('SIGNATURE_INVALID', 'the signature does not match the signed attributes');
}

async function checkSigningCertificateAttribute(
  essCertId: EssCertId | undefined,
  signer: CertificateWithDer,
  engine: CmsEngine,
): Promise<void> {
  if (!essCertId) {
    throw new CheckFailed(
      'SIGNING_CERT_ATTR_MISSING',
      'neither signing-certificate-v2 nor signing-certificate',
    );
  }
  const check = await checkEssCertId(essCertId, signer, engine);
  if (!check.matches) throw new CheckFailed('SIGNING_CERT_ATTR_MISMATCH', check.detail);
}

/**
 * The certificate must be valid when the signer says it signed and, when the caller names one, at atTime
 * too: without a timestamp the signing time is only the signer's claim.
 */
function checkValidity(
  certificate: pkijs.Certificate,
  signingTime: Date | undefined,
  atTime: Date | undefined,
): void {
  const moments: Array<[string, Date]> = [];
  if (signingTime) moments.push(['signing time', signingTime]);
  if (atTime) moments.push(['atTime', atTime]);
  if (moments.length === 0) moments.push(['now', new Date()]);
  for (const [name, moment] of moments) {
    const validity = certificateValidityAt(certificate, moment);
    if (validity === 'EXPIRED') {
      throw new CheckFailed('CERT_EXPIRED', `${name} ${moment.toISOString()} is after notAfter`);
    }
    if (validity === 'NOT_YET_VALID') {
      throw new CheckFailed('CERT_NOT_YET_VALID', `${name} ${moment.toISOString()} is before notBefore`);
    }
  }
}

async function checkChain(
  signer: CertificateWithDer,
  embedded: readonly CertificateWithDer[],
  trustedCerts: pkijs.Certificate[],
  checkDate: Date,
  engine: CmsEngine,
): Promise<void> {
  // PKI.js takes the last of `certs` as the end entity to build the path from.
  const intermediates = embedded.filter((entry) => entry !== signer).map((entry) => entry.certificate);
  const chain = new pkijs.CertificateChainValidationEngine({
    trustedCerts,
    certs: [...intermediates, signer.certificate],
    checkDate,
  });
  let result: pkijs.CertificateChainValidationEngineVerifyResult;
  try {
    result = await chain.verify({}, engine);
  } catch (error) {
    throw new CheckFailed('CERT_UNTRUSTED', `chain validation failed: ${errorMessage(error)}`);
  }
  if (!result.result) throw new CheckFailed('CERT_UNTRUSTED', result.resultMessage);
}

/**
 * RFC 3370 §3.2: rsaEncryption in a SignerInfo (as OpenSSL writes it) means an RSASSA-PKCS1-v1_5
 * signature, which PKI.js would name after the encryption scheme.
 */
function signatureAlgorithmName(engine: CmsEngine, oid: string): string {
  if (oid === OID.rsaEncryption) return 'RSASSA-PKCS1-v1_5';
  return algorithmName(engine, oid) ?? oid;
}

function algorithmName(engine: CmsEngine, oid: string): string | undefined {
  const algorithm = engine.getAlgorithmByOID(oid);
  return 'name' in algorithm && typeof algorithm.name === 'string' ? algorithm.name : undefined;
}

function attempt<T>(reason: Exclude<VerificationReason, 'VALID'>, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new CheckFailed(reason, errorMessage(error));
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  // PKI.js rejects chain validation with a plain object carrying resultMessage.
  if (typeof error === 'object' && error !== null && 'resultMessage' in error)
    return String(error.resultMessage);
  return String(error);
}
