import { z } from 'zod';
import { brokers } from '@tks/config';

export const registryConfigSchema = z.object({
  DATABASE_URL: z.string().url(),
  KAFKA_BROKERS: brokers.default('127.0.0.1:19092'),
  /** The special operator's code assigned by FNS; the first part of every subscriber id. */
  OPERATOR_CODE: z
    .string()
    .regex(/^[0-9A-Z]{3}$/, 'three characters, digits or capital Latin letters')
    .default('2TK'),
});
export type RegistryConfig = z.infer<typeof registryConfigSchema>;
