import { z } from 'zod';
import { CHANNEL_PART_MAX_BYTES } from '@tks/contracts';
import { commonConfigSchema, replacedSetting, signingConfigSchema, signingKeySetting } from '@tks/platform';

/** The operator's side of the receipts service; the simulated tax office reads tax-office/tax-office.config.ts. */

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const receiptsConfigSchema = commonConfigSchema
  .merge(signingConfigSchema)
  .extend({
    /** The operator's key (pkcs11:<label> or file:<dir>) signs the sending-date confirmation. */
    OPERATOR_SIGNING_KEY: signingKeySetting,
    OPERATOR_KEY_LABEL: replacedSetting('OPERATOR_SIGNING_KEY'),
    OPERATOR_CODE: z
      .string()
      .regex(/^[0-9A-Z]{3}$/)
      .default('2TK'),
    /** Containers up to this size travel to the tax office as one message, larger ones in parts of it. */
    CHANNEL_INLINE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(CHANNEL_PART_MAX_BYTES)
      .default(1024 * 1024),
    /**
     * PEM of the CAs the operator trusts on the tax office's signatures of its answers; default
     * $TKS_PKI_DIR/gost/test-cas.pem.
     */
    TRUSTED_CA_FILE: z.string().min(1).optional(),
    TKS_PKI_DIR: z.string().min(1).optional(),
    /**
     * Deadlines from submission, in seconds (one operator's published practice, docs/formats/):
     * confirmation at once, acceptance within a working day (taken as 24 h), refusal within 12 h.
     */
    SENDING_DATE_CONFIRMATION_DEADLINE_S: seconds(600),
    ACCEPTANCE_RECEIPT_DEADLINE_S: seconds(24 * 3600),
    REFUSAL_NOTICE_DEADLINE_S: seconds(12 * 3600),
    /** Notices of input or clarification: within two working days of the receipt (taken as 72 h). */
    INPUT_NOTICE_DEADLINE_S: seconds(72 * 3600),
    CLARIFICATION_NOTICE_DEADLINE_S: seconds(72 * 3600),
    /** The operator's name in the documents it issues (`СпецОперат/@НаимОрг`). */
    OPERATOR_NAME: z.string().min(1).max(1000).default('tks: оператор электронного документооборота'),
    /**
     * Fault injection for tests only, off by default: `crash-after-signing:<receipt kind>` kills
     * the process (SIGKILL) after that receipt is signed and stored, before it is recorded.
     */
    RECEIPTS_FAULT_INJECTION: z
      .string()
      .regex(
        /^(crash-after-signing:(sending-date-confirmation|acceptance-receipt|refusal-notice|input-notice|clarification-notice))?$/,
      )
      .default(''),
  })
  .refine((c) => c.TRUSTED_CA_FILE !== undefined || c.TKS_PKI_DIR !== undefined, {
    message: 'set TRUSTED_CA_FILE (or TKS_PKI_DIR, whose gost/test-cas.pem is then trusted)',
    path: ['TRUSTED_CA_FILE'],
  });
export type ReceiptsConfig = z.infer<typeof receiptsConfigSchema>;
export const RECEIPTS_CONFIG = Symbol('RECEIPTS_CONFIG');
