import { join } from 'node:path';
import { repositoryRoot } from './validation/repository-root';
import { z } from 'zod';
import { port } from '@tks/config';
import { commonConfigSchema } from '@tks/platform';
import { webhookSettingsShape } from './webhooks/webhook-settings';
import { httpTimeoutsShape } from './http/http-timeouts';
import { DEFAULT_MAX_DECLARATION_BYTES, DEFAULT_XSD_IN_MEMORY_MAX_BYTES } from '@tks/checks';

export const gatewayConfigSchema = commonConfigSchema.extend({
  GATEWAY_PORT: port(3000),
  GATEWAY_HOST: z.string().default('0.0.0.0'),
  /** Largest declaration accepted, in bytes; VAT declarations with sales books reach hundreds of MB. */
  MAX_DECLARATION_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_DECLARATION_BYTES),
  /** Issue 5: the XSDs, `<dir>/<КНД>/<ВерсФорм>/*.xsd` (schemas/README.md). */
  SCHEMA_DIR: z.string().default(join(repositoryRoot(__dirname), 'schemas')),
  /** Issue 5: declarations up to this size are validated in memory, larger ones streamed (decision 0003). */
  XSD_IN_MEMORY_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_XSD_IN_MEMORY_MAX_BYTES),
  /** Issue 5: optional JSON file of API keys (hashes only) applied at start; see README. */
  API_KEYS_FILE: z.string().optional(),
  ...webhookSettingsShape,
  /** Issue 17: request and idle timeouts sized for slow uploads of large declarations. */
  ...httpTimeoutsShape,
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
