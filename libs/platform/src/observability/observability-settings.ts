import { z } from 'zod';
import { ConfigError } from '@tks/config';

/**
 * Services without an HTTP API of their own answer metrics and health on a small listener:
 * `<SERVICE>_METRICS_PORT` (signer 9464, receipts 9465, registry 9466, next to Prometheus'
 * exporter port so they never meet the gateway's 3000), `METRICS_HOST` (default 0.0.0.0).
 * Port 0 picks a free port (tests), logged as `metricsPort` in "service started".
 */
const DEFAULT_PORTS: Record<string, number> = { signer: 9464, receipts: 9465, registry: 9466 };

export interface ObservabilitySettings {
  port: number;
  host: string;
}

export function observabilitySettings(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): ObservabilitySettings {
  const portName = `${service.toUpperCase()}_METRICS_PORT`;
  const schema = z.object({
    [portName]: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(DEFAULT_PORTS[service] ?? 9467),
    METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  });
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return { port: parsed.data[portName] as number, host: parsed.data.METRICS_HOST as string };
}
