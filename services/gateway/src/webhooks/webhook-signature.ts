import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a webhook delivery: HMAC-SHA256 with the endpoint's secret over
 * `<timestamp>.<body>`, sent as `Tks-Signature: t=<unix seconds>,v1=<hex>`. The timestamp is signed
 * with the body so a receiver can refuse an old delivery replayed by someone who captured it.
 */
export const SIGNATURE_HEADER = 'Tks-Signature';
export const EVENT_ID_HEADER = 'Tks-Event-Id';

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`;
}

/** What a receiver does (README, "Verifying a delivery"); used by the tests as a receiver would. */
export function verifySignatureHeader(
  secret: string,
  header: string,
  body: string,
  options: { now: number; toleranceSeconds: number },
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(options.now - timestamp) > options.toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** 32 random bytes: shown to the client once, at registration, never again. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
