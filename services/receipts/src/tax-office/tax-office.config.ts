import { z } from 'zod';
import { CHANNEL_PART_MAX_BYTES } from '@tks/contracts';
import { brokers } from '@tks/config';
import { replacedSetting, signingConfigSchema, signingKeySetting } from '@tks/platform';

const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
  );

/**
 * The simulated tax office's own settings. It shares the process with the operator's side but none
 * of its storage: its own schema (tax_office), its own document store, its own trust list.
 */
export const taxOfficeConfigSchema = signingConfigSchema.extend({
  DATABASE_URL: z.string().url(),
  KAFKA_BROKERS: brokers.default('127.0.0.1:19092'),
  /** The tax office's own store of the containers it received and the answers it issued. */
  TAX_OFFICE_STORE_DIR: z.string().min(1),
  /** The tax office's key (pkcs11:<label> or file:<dir>) signs each of its answers. */
  TAX_OFFICE_SIGNING_KEY: signingKeySetting,
  TAX_OFFICE_KEY_LABEL: replacedSetting('TAX_OFFICE_SIGNING_KEY'),
  /**
   * The key it decrypts containers with, as a key file (file:<dir> or file:key=…,certificate=…,
   * password=…): GOST decryption runs in software, no token offers it here.
   */
  TAX_OFFICE_DECRYPTION_KEY: signingKeySetting.refine((key) => key.backend === 'file', {
    message: 'a key file (file:<dir>): GOST decryption needs the key in software',
  }),
  /** Directories of the CA certificates and CRLs it trusts on every signature it receives. */
  TAX_OFFICE_TRUST_DIRS: commaList.pipe(z.array(z.string()).min(1, 'name at least one directory')),
  /** Codes the tax office serves; empty: all but the reserved test code (served-tax-offices.ts). */
  TAX_OFFICE_CODES: commaList.pipe(z.array(z.string().regex(/^\d{4}$/, 'tax office codes are 4 digits'))),
  /** Containers up to this size travel as one message, larger ones in parts of it. */
  CHANNEL_INLINE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(CHANNEL_PART_MAX_BYTES)
    .default(1024 * 1024),
  /** Tests only (see receipts.config.ts): `crash-after-signing:<answer kind>`. */
  RECEIPTS_FAULT_INJECTION: z.string().default(''),
});
export type TaxOfficeConfig = z.infer<typeof taxOfficeConfigSchema>;
export const TAX_OFFICE_CONFIG = Symbol('TAX_OFFICE_CONFIG');
