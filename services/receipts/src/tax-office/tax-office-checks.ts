import * as pkijs from 'pkijs';
import { Result } from '@tks/domain';
import {
  CertificateInput,
  CmsEngine,
  StreamedContent,
  verifyDetached,
  VerificationReason,
} from '@tks/crypto';
import { checkDeclarationStream, DeclarationHeader, readDeclarationHeaderFromBytes } from '@tks/xml';
import { REFUSAL_REASONS, RefusalReason } from './refusal-reasons';

export interface TaxOfficeCheckInput {
  /** The bytes, or a stream of them from the tax office's store (a declaration of any size). */
  readonly declaration: Buffer | StreamedContent;
  readonly declarationFileName: string;
  readonly signature: Buffer;
  /** When the operator received the filing: the signer's certificate must be valid then too. */
  readonly receivedAt: Date;
  /**
   * Whether the verified signer may sign for the taxpayer that sent the declaration: its
   * certificate registered with the tax authority for that taxpayer and usable (issue 10).
   */
  readonly authoriseSigner?: (certificate: pkijs.Certificate) => Promise<SignerAuthority>;
}

export type SignerAuthority = { ok: true } | { ok: false; reason: string };

export interface TaxOfficeCheckContext {
  readonly engine: CmsEngine;
  readonly trustedCertificates: readonly CertificateInput[];
  /** Whether a recipient tax office code is one this tax office serves. */
  readonly serves: (taxOfficeCode: string) => boolean;
  /** Revocation and chain against the tax office's trust list (CA certificates and CRLs). */
  readonly certificateStatus?: (certificate: pkijs.Certificate, at: Date) => Promise<CertificateVerdict>;
}

/** The signer certificate's status on the trust list (libs/certificates numbering). */
export interface CertificateVerdict {
  readonly status: string;
  readonly number: number;
  readonly detail?: string;
}

/** The declaration signature's verification, kept with the answer (never a bare boolean). */
export interface SignatureVerdict {
  readonly valid: boolean;
  readonly reason: VerificationReason;
  readonly code: number;
  readonly detail?: string;
  readonly signer?: string;
  /** Chain and revocation of the signer's certificate, when the signature itself verified. */
  readonly certificate?: CertificateVerdict;
}

export interface TaxOfficeCheckResult {
  /** Null when the header itself could not be read. */
  readonly header: DeclarationHeader | null;
  readonly signature: SignatureVerdict;
  /** Empty: the filing is accepted. Otherwise the refusal notice lists these, in check order. */
  readonly refusals: readonly RefusalReason[];
}

// These say the bytes are not what was signed; the others that the signature itself is unusable.
const MISMATCH: readonly VerificationReason[] = [
  'CONTENT_DIGEST_MISMATCH',
  'SIGNATURE_INVALID',
  'SIGNING_CERT_ATTR_MISMATCH',
];

/**
 * The tax office's checks of a received filing, in the order it applies them: the declaration's
 * signature over its bytes, its certificate, and that the certificate is one registered for the
 * taxpayer who sent it (0100100004 / 0100100000), the header against the
 * format (0300300001), the recipient (0100200001) and the file name (0400400007). Every failing
 * check is reported, so the filer fixes everything at once.
 */
export async function runTaxOfficeChecks(
  input: TaxOfficeCheckInput,
  context: TaxOfficeCheckContext,
): Promise<TaxOfficeCheckResult> {
  const refusals: RefusalReason[] = [];
  const verification = await verifyDetached({
    signature: input.signature,
    content: input.declaration,
    engine: context.engine,
    trustedCertificates: context.trustedCertificates,
    atTime: input.receivedAt,
  });
  const certificate =
    verification.valid && verification.certificate && context.certificateStatus
      ? await context.certificateStatus(verification.certificate, input.receivedAt)
      : undefined;
  const trusted = verification.valid && (certificate === undefined || certificate.status === 'valid');
  const authority =
    trusted && verification.certificate && input.authoriseSigner
      ? await input.authoriseSigner(verification.certificate)
      : undefined;
  const usable = trusted && (authority === undefined || authority.ok);
  const signature: SignatureVerdict = {
    valid: usable,
    reason: verification.reason,
    code: verification.code,
    detail:
      verification.detail ??
      (authority && !authority.ok
        ? `not the taxpayer's signer: ${authority.reason}`
        : usable
          ? undefined
          : `certificate ${certificate?.status}: ${certificate?.detail}`),
    signer: verification.signer?.subject,
    ...(certificate ? { certificate } : {}),
  };
  if (!usable) {
    refusals.push(
      MISMATCH.includes(verification.reason)
        ? REFUSAL_REASONS.SIGNATURE_MISMATCH
        : REFUSAL_REASONS.SIGNATURE_MISSING_OR_INVALID,
    );
  }

  const header = Buffer.isBuffer(input.declaration)
    ? readDeclarationHeaderFromBytes(input.declaration)
    : await headerOfStream(input.declaration);
  if (!header.ok) {
    refusals.push(REFUSAL_REASONS.SCHEMA_VIOLATION);
    return { header: null, signature, refusals };
  }
  const h = header.value;
  if (!context.serves(h.fileId.finalTaxOffice) || h.fileId.finalTaxOffice !== h.taxOfficeCode) {
    refusals.push(REFUSAL_REASONS.WRONG_TAX_OFFICE);
  }
  if (input.declarationFileName !== `${h.fileIdText}.xml`) {
    refusals.push(REFUSAL_REASONS.FILE_NAME_MISMATCH);
  }
  return { header: h, signature, refusals };
}

/**
 * The header of a streamed declaration, read to its end by the same rules as the in-memory reader
 * (encoding, no DTD, well-formedness, limits) with memory bounded by a chunk.
 */
async function headerOfStream(declaration: StreamedContent): Promise<Result<DeclarationHeader>> {
  const checked = await checkDeclarationStream(declaration.stream());
  return checked.ok ? { ok: true, value: checked.value.header } : checked;
}
