import { z } from 'zod';
import { brokers, ConfigError, loadConfig } from '@tks/config';
import { parseDocumentStoreUrl, type DocumentStoreLocation } from '@tks/storage';

/** `DOCUMENT_STORE_URL`: file:///dir or s3://bucket/prefix?endpoint=… (credentials never in it). */
export const documentStoreUrl = z.string().transform((value, ctx): DocumentStoreLocation => {
  try {
    return parseDocumentStoreUrl(value, process.env.AWS_REGION);
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    return z.NEVER;
  }
});

/** Settings every service reads; each service extends this with its own. */
export const commonConfigSchema = z.object({
  DATABASE_URL: z.string().url(),
  KAFKA_BROKERS: brokers.default('127.0.0.1:19092'),
  /** The document store: a local directory, unless DOCUMENT_STORE_URL names another place. */
  DOCUMENT_STORE_DIR: z.string().min(1).optional(),
  DOCUMENT_STORE_URL: documentStoreUrl.optional(),
});

export type DocumentStoreSettings = Pick<
  z.infer<typeof commonConfigSchema>,
  'DOCUMENT_STORE_DIR' | 'DOCUMENT_STORE_URL'
>;

/** Where the documents are: DOCUMENT_STORE_URL wins; a service with neither setting stops, naming both. */
export function documentStoreLocation(settings: DocumentStoreSettings): DocumentStoreLocation {
  if (settings.DOCUMENT_STORE_URL) return settings.DOCUMENT_STORE_URL;
  if (settings.DOCUMENT_STORE_DIR) return { kind: 'directory', root: settings.DOCUMENT_STORE_DIR };
  throw new ConfigError(['DOCUMENT_STORE_URL: set it or DOCUMENT_STORE_DIR (where the documents are kept)']);
}

/** The two settings alone, validated as every service validates them at start. */
export const documentStoreSettingsFromEnv = (env: NodeJS.ProcessEnv = process.env): DocumentStoreSettings =>
  loadConfig(commonConfigSchema.pick({ DOCUMENT_STORE_DIR: true, DOCUMENT_STORE_URL: true }), env);
