import { z } from 'zod';
import type { EventContract } from './events';
import { Topics } from './topics';

/**
 * Qualified certificates of subscribers (issue 3): requests from the gateway to the registry, the
 * registry's decisions, expiry warnings, and the certificate part of the subscriber state.
 */
const certificateContract = <P>(
  topic: EventContract<P>['topic'],
  type: string,
  payload: EventContract<P>['payload'],
): EventContract<P> => ({ topic, type, version: 1, payload });

/** SHA-256 of the certificate's DER, lower-case hex: a certificate's id in every service. */
export const certificateIdSchema = z.string().regex(/^[0-9a-f]{64}$/);

export const certificateRequested = certificateContract(
  Topics.certificateRequested,
  'certificate.requested',
  z.discriminatedUnion('action', [
    z.object({
      action: z.enum(['bind', 'reissue']),
      requestId: z.string().uuid(),
      subscriberId: z.string().min(1).max(46),
      /** The certificate's DER, base64: a few kilobytes, small enough to travel inside the event. */
      certificate: z
        .string()
        .min(1)
        .max(64 * 1024),
      requestedAt: z.string().datetime({ offset: true }),
    }),
    z.object({
      action: z.enum(['revoke', 'unbind']),
      requestId: z.string().uuid(),
      subscriberId: z.string().min(1).max(46),
      certificateId: certificateIdSchema,
      reason: z.string().max(1000).optional(),
      requestedAt: z.string().datetime({ offset: true }),
    }),
  ]),
);
export type CertificateRequested = z.infer<typeof certificateRequested.payload>;

export const certificateRequestDecided = certificateContract(
  Topics.certificateRequestDecided,
  'certificate.request-decided',
  z.object({
    requestId: z.string().uuid(),
    subscriberId: z.string().min(1).max(46),
    outcome: z.enum(['applied', 'rejected']),
    certificateId: certificateIdSchema.optional(),
    code: z.string().optional(),
    message: z.string().optional(),
    decidedAt: z.string().datetime({ offset: true }),
  }),
);
export type CertificateRequestDecided = z.infer<typeof certificateRequestDecided.payload>;

export const certificateExpiryWarning = certificateContract(
  Topics.certificateExpiryWarning,
  'certificate.expiry-warning',
  z.object({
    subscriberId: z.string().min(1).max(46),
    certificateId: certificateIdSchema,
    thresholdDays: z.number().int().positive(),
    daysLeft: z.number().int(),
    notAfter: z.string().datetime({ offset: true }),
    warnedAt: z.string().datetime({ offset: true }),
  }),
);
export type CertificateExpiryWarning = z.infer<typeof certificateExpiryWarning.payload>;

const timestamp = z.string().datetime({ offset: true });

/** One certificate of a subscriber as the registry publishes it inside `tks.subscriber.state.v1`. */
export const certificateStateSchema = z.object({
  certificateId: certificateIdSchema,
  serialNumber: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notBefore: timestamp,
  notAfter: timestamp,
  publicKeyAlgorithm: z.string(),
  identity: z.object({
    inn: z.string().optional(),
    innLe: z.string().optional(),
    ogrn: z.string().optional(),
    snils: z.string().optional(),
    ogrnip: z.string().optional(),
  }),
  subjectSignTool: z.string().optional(),
  /**
   * current: signs new filings; superseded: replaced by a reissue, usable until `usableUntil`;
   * retired: replaced or expired, no longer usable; revoked; unbound (history only).
   */
  lifecycle: z.enum(['current', 'superseded', 'retired', 'revoked', 'unbound']),
  usableUntil: timestamp.optional(),
  /** The public checkers' verdict (libs/certificates CERTIFICATE_STATUSES), as of `checkedAt`. */
  status: z.enum([
    'valid',
    'untrusted',
    'signature-invalid',
    'not-yet-valid',
    'expired',
    'revoked',
    'status-unknown',
  ]),
  statusDetail: z.string().optional(),
  checkedAt: timestamp,
  /** Registration with the tax authority: pending → registered or rejected. */
  taxAuthority: z.object({
    status: z.enum(['pending', 'registered', 'rejected']),
    decidedAt: timestamp.optional(),
    /** How long registration took, from binding to the authority's answer. */
    durationMs: z.number().int().nonnegative().optional(),
    reasonCode: z.string().optional(),
    reason: z.string().optional(),
  }),
  /** Expiry warning thresholds (days) already sent for this certificate. */
  expiryWarnings: z.array(z.number().int().positive()),
  boundAt: timestamp,
  endedAt: timestamp.optional(),
  /** The DER, base64, so that readers can verify signatures without asking the registry. */
  der: z.string(),
});
export type CertificateState = z.infer<typeof certificateStateSchema>;
