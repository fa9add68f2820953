import { readFileSync } from 'node:fs';
import { z, ZodType, ZodTypeDef } from 'zod';

/** Raised at start-up when a setting is missing or wrong; names the setting, never its value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads typed settings from the environment. A schema per service keeps each service's settings
 * next to its bootstrap, and a failure lists every bad name at once.
 */
export function loadConfig<T>(
  schema: ZodType<T, ZodTypeDef, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}

/** Reads a secret (PIN, key, token) from a file: secrets never live in code or in plain env dumps. */
export function readSecretFile(path: string, name: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new ConfigError([`${name}: cannot read the secret file named by the setting`]);
  }
}

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
export const brokers = z
  .string()
  .min(1)
  .transform((s) => s.split(',').map((b) => b.trim()));
