import { z } from 'zod';
import { port } from '@tks/config';
import { commonConfigSchema } from '@tks/platform';

export const gatewayConfigSchema = commonConfigSchema.extend({
  GATEWAY_PORT: port(3000),
  GATEWAY_HOST: z.string().default('0.0.0.0'),
  /** Largest declaration accepted, in bytes; VAT declarations with sales books reach hundreds of MB. */
  MAX_DECLARATION_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
