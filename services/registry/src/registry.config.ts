import { z } from 'zod';
import { brokers } from '@tks/config';

const days = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'comma-separated whole numbers of days, e.g. 30,14,5')
  .transform((text) => text.split(',').map(Number));

export const registryConfigSchema = z.object({
  DATABASE_URL: z.string().url(),
  KAFKA_BROKERS: brokers.default('127.0.0.1:19092'),
  /** The special operator's code assigned by FNS; the first part of every subscriber id. */
  OPERATOR_CODE: z
    .string()
    .regex(/^[0-9A-Z]{3}$/, 'three characters, digits or capital Latin letters')
    .default('2TK'),
  /**
   * Directories of trusted CA certificates and their CRLs (PEM or DER files), separated by `:`;
   * reloaded on SIGHUP or when a file changes.
   */
  TRUSTED_CA_DIR: z
    .string({ required_error: 'TRUSTED_CA_DIR (or TKS_PKI_DIR) must name the trusted CA directory' })
    .min(1),
  /**
   * Issue 17: the trusted CA directories are also reread this often (besides SIGHUP and file
   * changes), and every bound certificate checked again against the CRLs read.
   */
  TRUSTED_CA_RELOAD_INTERVAL_MS: z.coerce.number().int().positive().default(3_600_000),
  /** The simulated tax authority answers a certificate registration after this delay (about an hour in reality). */
  TAX_AUTHORITY_REGISTRATION_DELAY_MS: z.coerce.number().int().nonnegative().default(5000),
  /** Days before expiry at which a warning is published, once each. */
  CERTIFICATE_EXPIRY_WARNING_DAYS: days.default('30,14,5'),
  /** How often the registry looks for due registrations, warnings and ended grace periods. */
  CERTIFICATE_SCAN_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
});
export type RegistryConfig = z.infer<typeof registryConfigSchema>;
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
