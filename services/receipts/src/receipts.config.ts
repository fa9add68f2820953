import { z } from 'zod';
import { commonConfigSchema, tokenConfigSchema } from '@tks/platform';

export const receiptsConfigSchema = commonConfigSchema.merge(tokenConfigSchema).extend({
  /** The operator's key signs the sending-date confirmation. */
  OPERATOR_KEY_LABEL: z.string().min(1).default('operator'),
  OPERATOR_CODE: z
    .string()
    .regex(/^[0-9A-Z]{3}$/)
    .default('2TK'),
});
export type ReceiptsConfig = z.infer<typeof receiptsConfigSchema>;
export const RECEIPTS_CONFIG = Symbol('RECEIPTS_CONFIG');
