import { z, ZodType, ZodTypeDef } from 'zod';
import { TopicSpec, Topics } from './topics';
import { certificateStateSchema } from './certificates';

/** An event definition: its topic, type name, version and payload schema, in one place. */
export interface EventContract<P> {
  readonly topic: TopicSpec;
  readonly type: string;
  readonly version: number;
  readonly payload: ZodType<P, ZodTypeDef, unknown>;
}

const define = <P>(
  topic: TopicSpec,
  type: string,
  payload: ZodType<P, ZodTypeDef, unknown>,
): EventContract<P> => ({ topic, type, version: 1, payload });

/** Large payloads travel by reference: a content hash in the shared document store. */
export const documentRefSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  mediaType: z.string().min(1),
  fileName: z.string().min(1).max(255),
});
export type DocumentRef = z.infer<typeof documentRefSchema>;

const subscriberKind = z.enum(['company', 'entrepreneur', 'person']);
export type SubscriberKind = z.infer<typeof subscriberKind>;

export const subscriberRegistrationRequested = define(
  Topics.subscriberRegistrationRequested,
  'subscriber.registration-requested',
  z.object({
    registrationId: z.string().uuid(),
    kind: subscriberKind,
    name: z.string().min(1).max(1000),
    inn: z.string(),
    kpp: z.string().optional(),
    ogrn: z.string().optional(),
    taxOfficeCodes: z.array(z.string().regex(/^\d{4}$/)).default([]),
  }),
);
export type SubscriberRegistrationRequested = z.infer<typeof subscriberRegistrationRequested.payload>;

export const subscriberRegistrationRejected = define(
  Topics.subscriberRegistrationRejected,
  'subscriber.registration-rejected',
  z.object({
    registrationId: z.string().uuid(),
    code: z.string(),
    message: z.string(),
  }),
);
export type SubscriberRegistrationRejected = z.infer<typeof subscriberRegistrationRejected.payload>;

export const subscriberState = define(
  Topics.subscriberState,
  'subscriber.state',
  z.object({
    subscriberId: z.string().min(1).max(46),
    registrationId: z.string().uuid(),
    kind: subscriberKind,
    name: z.string(),
    inn: z.string(),
    kpp: z.string().optional(),
    ogrn: z.string().optional(),
    taxOfficeCodes: z.array(z.string()),
    status: z.enum(['active', 'closed']),
    registeredAt: z.string().datetime({ offset: true }),
    /** Optional (issue 3), so consumers of the first shape keep working; absent means "not known". */
    certificates: z.array(certificateStateSchema).optional(),
  }),
);
export type SubscriberState = z.infer<typeof subscriberState.payload>;

export const filingSubmitted = define(
  Topics.filingSubmitted,
  'filing.submitted',
  z.object({
    filingId: z.string().uuid(),
    docflowId: z.string().regex(/^[0-9a-f]{32}$/),
    subscriberId: z.string(),
    fileId: z.string(),
    formCode: z.string(),
    taxOfficeCode: z.string(),
    submittedAt: z.string().datetime({ offset: true }),
    declaration: documentRefSchema,
    /** The taxpayer's own detached CMS (CAdES-BES) signature of the declaration, when the client sent one
     *  (issue 5); optional, so consumers of the first shape keep working. The signer verifies it. */
    clientSignature: documentRefSchema.optional(),
    /**
     * Without a client signature: the subscriber's consent to sign this filing with its key on the
     * operator's HSM (cloud signature, issue 10), given with `POST /filings/{id}/consent` by a client
     * key of the subscriber. Without either, the signer signs nothing and refuses the filing.
     */
    cloudSignatureConsent: z
      .object({
        /** The name of the API key that consented (a client key of the subscriber). */
        givenBy: z.string().min(1),
        givenAt: z.string().datetime({ offset: true }),
      })
      .optional(),
  }),
);
export type FilingSubmitted = z.infer<typeof filingSubmitted.payload>;

export const signatureInfoSchema = z.object({
  algorithm: z.string(),
  signerSubject: z.string(),
  signerSerialNumber: z.string(),
  signingTime: z.string().datetime({ offset: true }),
});
export type SignatureInfo = z.infer<typeof signatureInfoSchema>;

/** A verification's detailed result (libs/crypto verification-reason.ts: numbered reasons), never a bare boolean. */
export const signatureVerificationSchema = z.object({
  valid: z.boolean(),
  code: z.number().int().nonnegative(),
  reason: z.string(),
  detail: z.string().optional(),
  signerSubject: z.string().optional(),
  signerSerialNumber: z.string().optional(),
  algorithm: z.string().optional(),
  signingTime: z.string().datetime({ offset: true }).optional(),
  verifiedAt: z.string().datetime({ offset: true }),
});
export type SignatureVerification = z.infer<typeof signatureVerificationSchema>;

export const filingSigned = define(
  Topics.filingSigned,
  'filing.signed',
  z.object({
    filingId: z.string().uuid(),
    docflowId: z.string(),
    subscriberId: z.string(),
    fileId: z.string(),
    taxOfficeCode: z.string(),
    submittedAt: z.string().datetime({ offset: true }),
    declaration: documentRefSchema,
    signature: documentRefSchema,
    signatureInfo: signatureInfoSchema,
    /** The sealed FNS transport container (issue 4); optional, so consumers of the first shape keep working. */
    container: documentRefSchema.optional(),
    /** Present when the filing came with the client's own signature: `signature` is then that one, checked here. */
    clientSignatureVerification: signatureVerificationSchema.optional(),
    /**
     * Who made the declaration signature (issue 10): always the taxpayer, with its own tool (`client`)
     * or with its key on the operator's HSM after its consent (`cloud`); the operator never signs a
     * declaration. Optional, so consumers of the first shape keep working.
     */
    signedBy: z.enum(['client', 'cloud']).optional(),
    /** SHA-256 of the DER of the certificate that signed the declaration: one of the subscriber's. */
    signerCertificateId: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
);
export type FilingSigned = z.infer<typeof filingSigned.payload>;

/**
 * The client's own signature failed verification, or the filing has no signature of the taxpayer to
 * carry (neither the client's nor a cloud signature it consented to, issue 10), so the signer neither
 * signed nor sealed the filing (issue 4). `fnsCode` is the FNS classifier code (0100100004 content
 * altered, 0100100000 otherwise).
 */
export const filingSignatureRejected = define(
  Topics.filingSignatureRejected,
  'filing.signature-rejected',
  z.object({
    filingId: z.string().uuid(),
    docflowId: z.string(),
    subscriberId: z.string(),
    fileId: z.string(),
    rejectedAt: z.string().datetime({ offset: true }),
    fnsCode: z.string().regex(/^\d{10}$/),
    /** The client's signature that failed; absent when there was none (issue 10). */
    clientSignature: documentRefSchema.optional(),
    /** Its verification; absent when there was no signature to verify. */
    verification: signatureVerificationSchema.optional(),
    /** Why no taxpayer signature could be made (issue 10), e.g. TKS-SIGNATURE-REQUIRED, with a message. */
    refusal: z.object({ code: z.string().min(1), message: z.string() }).optional(),
  }),
);
export type FilingSignatureRejected = z.infer<typeof filingSignatureRejected.payload>;

/**
 * The documents of a declaration's docflow that tks issues: the operator's sending-date
 * confirmation, then the tax office's answer (receipt of acceptance or notice of refusal) and,
 * after an acceptance, its input notice or clarification notice.
 */
export const receiptKind = z.enum([
  'sending-date-confirmation',
  'acceptance-receipt',
  'refusal-notice',
  'input-notice',
  'clarification-notice',
]);
export type ReceiptKind = z.infer<typeof receiptKind>;

export const receiptIssued = define(
  Topics.receiptIssued,
  'receipt.issued',
  z.object({
    receiptId: z.string().uuid(),
    filingId: z.string().uuid(),
    kind: receiptKind,
    issuedAt: z.string().datetime({ offset: true }),
    document: documentRefSchema,
    signature: documentRefSchema,
    signatureInfo: signatureInfoSchema,
    /** When this receipt was due (submission + the configured deadline for its kind); optional. */
    deadlineAt: z.string().datetime({ offset: true }).optional(),
    /** Issued after deadlineAt. */
    overdue: z.boolean().optional(),
    /** A refusal notice's FNS refusal codes (`ПричОтказ/@КодОш`), in the notice's order. */
    refusalCodes: z.array(z.string().regex(/^\d{10}$/)).optional(),
    /**
     * An answer of the tax office: when the operator received its container, by the receipts service's
     * clock at that moment (issue 14, the evidence of delivery times); `issuedAt` is the tax office's
     * own signing time. Optional, so consumers of the first shape keep working.
     */
    receivedAt: z.string().datetime({ offset: true }).optional(),
  }),
);
export type ReceiptIssued = z.infer<typeof receiptIssued.payload>;

/**
 * The tax office's answers a subscriber confirms with a receipt notice (извещение о получении,
 * КНД 1166008): every receipt kind but the operator's sending-date confirmation.
 */
export const acknowledgedKind = z.enum([
  'acceptance-receipt',
  'refusal-notice',
  'input-notice',
  'clarification-notice',
]);

/**
 * The subscriber sent a receipt notice for one answer of the tax office, signed with one of its
 * registered certificates (checked by the gateway). Ordered by filing id; the operator forwards it.
 */
export const receiptNoticeSent = define(
  Topics.receiptNoticeSent,
  'receipt-notice.sent',
  z.object({
    receiptNoticeId: z.string().uuid(),
    filingId: z.string().uuid(),
    docflowId: z.string().regex(/^[0-9a-f]{32}$/),
    subscriberId: z.string(),
    taxOfficeCode: z.string().regex(/^\d{4}$/),
    acknowledgedKind,
    /** The confirmed answer's file name (`СведПолФайл/@ИмяПостФайла`). */
    acknowledgedFileName: z.string().min(1).max(255),
    sentAt: z.string().datetime({ offset: true }),
    document: documentRefSchema,
    signature: documentRefSchema,
    /** SHA-256 of the signing certificate's DER: one of the subscriber's registered certificates. */
    signerCertificateId: z.string().regex(/^[0-9a-f]{64}$/),
  }),
);
export type ReceiptNoticeSent = z.infer<typeof receiptNoticeSent.payload>;

/** The operator forwarded a subscriber's receipt notice to the tax office (once per notice). */
export const receiptNoticeForwarded = define(
  Topics.receiptNoticeForwarded,
  'receipt-notice.forwarded',
  z.object({
    receiptNoticeId: z.string().uuid(),
    filingId: z.string().uuid(),
    acknowledgedKind,
    forwardedAt: z.string().datetime({ offset: true }),
  }),
);
export type ReceiptNoticeForwarded = z.infer<typeof receiptNoticeForwarded.payload>;
