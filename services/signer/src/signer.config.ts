import { z } from 'zod';
import { commonConfigSchema, tokenConfigSchema } from '@tks/platform';

export const signerConfigSchema = commonConfigSchema.merge(tokenConfigSchema).extend({
  /** Label of the key on the token that signs declarations handed to the operator unsigned. */
  SIGNER_KEY_LABEL: z.string().min(1).default('operator'),
});
export type SignerConfig = z.infer<typeof signerConfigSchema>;
