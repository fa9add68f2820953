import { z } from 'zod';
import { signatureInfoSchema } from './events';
import type { EventContract } from './events';
import { Topics } from './topics';

/**
 * The operator's signed statement of a filing's sending and delivery times (issue 14): the
 * gateway builds it from what it recorded at each step, the signer signs it with the operator's key
 * (the gateway never holds that key). Shared here because both sides must agree on what may be
 * signed: the signer signs only a document that parses as this statement.
 */
export const EVIDENCE_STATEMENT_TYPE = 'tks.evidence-statement';

/** Who sends or receives a document of the docflow. */
export const evidencePartySchema = z.enum(['subscriber', 'operator', 'tax-office']);
export type EvidenceParty = z.infer<typeof evidencePartySchema>;

/** Whose clock wrote a time; the statement's `clock.sources` says what each is. */
export const evidenceClockSchema = z.enum(['gateway', 'gateway-database', 'receipts']);
export type EvidenceClock = z.infer<typeof evidenceClockSchema>;

/** Which recorded step a time is (the README's evidence table explains each). */
export const evidenceBasisSchema = z.enum([
  'intake',
  'recorded',
  'issued',
  'container-forwarded',
  'answer-received',
  'tax-office-answer',
  'receipt-notice',
  'receipt-notice-forwarded',
]);
export type EvidenceBasis = z.infer<typeof evidenceBasisSchema>;

const instant = z.string().datetime();

/** A time as it was recorded when the step happened; null when the step has not happened (or is not recorded). */
export const evidenceTimeSchema = z
  .object({ at: instant, clock: evidenceClockSchema, basis: evidenceBasisSchema })
  .strict()
  .nullable();
export type EvidenceTime = z.infer<typeof evidenceTimeSchema>;

export const evidenceDocumentSchema = z
  .object({
    documentId: z.string().uuid(),
    kind: z.string().min(1),
    fileName: z.string().min(1),
    mediaType: z.string().min(1),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    from: evidencePartySchema,
    to: evidencePartySchema,
    receivedFromSender: evidenceTimeSchema,
    passedOn: evidenceTimeSchema,
    delivered: evidenceTimeSchema,
  })
  .strict();
export type EvidenceDocument = z.infer<typeof evidenceDocumentSchema>;

export const evidenceStatementSchema = z
  .object({
    type: z.literal(EVIDENCE_STATEMENT_TYPE),
    version: z.literal(1),
    filing: z
      .object({
        filingId: z.string().uuid(),
        docflowId: z.string().regex(/^[0-9a-f]{32}$/),
        subscriberId: z.string().min(1).max(46),
        fileId: z.string().nullable(),
        formCode: z.string().nullable(),
        taxOfficeCode: z.string().nullable(),
      })
      .strict(),
    clock: z
      .object({
        timeScale: z.literal('UTC'),
        precision: z.literal('millisecond'),
        sources: z.record(evidenceClockSchema, z.string()),
      })
      .strict(),
    hashAlgorithm: z.literal('SHA-256'),
    documents: z.array(evidenceDocumentSchema),
  })
  .strict();
export type EvidenceStatement = z.infer<typeof evidenceStatementSchema>;

const evidenceContract = <P>(
  topic: EventContract<P>['topic'],
  type: string,
  payload: EventContract<P>['payload'],
): EventContract<P> => ({ topic, type, version: 1, payload });

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** The gateway asks the signer to sign a statement; small (a few KiB), so it travels inline. */
export const evidenceStatementRequested = evidenceContract(
  Topics.evidenceStatementRequested,
  'evidence.statement-requested',
  z.object({
    filingId: z.string().uuid(),
    /** SHA-256 of `statement`'s UTF-8 bytes: the request's identity, and what the signer checks first. */
    statementSha256: sha256,
    /** The canonical JSON (RFC 8785) of an evidence statement: exactly the bytes to sign. */
    statement: z
      .string()
      .min(2)
      .max(512 * 1024),
    requestedAt: z.string().datetime({ offset: true }),
  }),
);
export type EvidenceStatementRequested = z.infer<typeof evidenceStatementRequested.payload>;

export const evidenceStatementSigned = evidenceContract(
  Topics.evidenceStatementSigned,
  'evidence.statement-signed',
  z.discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('signed'),
      filingId: z.string().uuid(),
      statementSha256: sha256,
      /** Detached CMS (CAdES-BES) of the statement's bytes, DER, base64. */
      signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
      signatureInfo: signatureInfoSchema,
    }),
    z.object({
      outcome: z.literal('refused'),
      filingId: z.string().uuid(),
      statementSha256: sha256,
      code: z.string().min(1),
      message: z.string(),
      refusedAt: z.string().datetime({ offset: true }),
    }),
  ]),
);
export type EvidenceStatementSigned = z.infer<typeof evidenceStatementSigned.payload>;
