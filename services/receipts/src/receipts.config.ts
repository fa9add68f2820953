import { z } from 'zod';
import { commonConfigSchema, replacedSetting, signingConfigSchema, signingKeySetting } from '@tks/platform';

/**
 * The tax office code reserved for tests: unless TAX_OFFICE_CODES says otherwise, the tax office
 * serves every code but this one, so a filing addressed to it is refused with 0100200001.
 */
export const RESERVED_TEST_TAX_OFFICE_CODE = '9999';

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
    /** The tax office's own key (pkcs11:<label> or file:<dir>) signs each of its answers. */
    TAX_OFFICE_SIGNING_KEY: signingKeySetting,
    TAX_OFFICE_KEY_LABEL: replacedSetting('TAX_OFFICE_SIGNING_KEY'),
    /** Comma-separated codes the tax office serves; empty: all but RESERVED_TEST_TAX_OFFICE_CODE. */
    TAX_OFFICE_CODES: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      )
      .pipe(z.array(z.string().regex(/^\d{4}$/, 'tax office codes are 4 digits'))),
    /** PEM of the CAs whose certificates the tax office trusts; default $TKS_PKI_DIR/gost/test-cas.pem. */
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
