import { z } from 'zod';
import { brokers } from '@tks/config';

/** Settings every service reads; each service extends this with its own. */
export const commonConfigSchema = z.object({
  DATABASE_URL: z.string().url(),
  KAFKA_BROKERS: brokers.default('127.0.0.1:19092'),
  DOCUMENT_STORE_DIR: z.string().min(1),
});
