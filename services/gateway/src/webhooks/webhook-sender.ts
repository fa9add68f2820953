import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

export interface SendResult {
  /** The receiver's HTTP status, or null when no answer came (refused, reset, timed out). */
  readonly status: number | null;
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * One attempt: POSTs the body, signed at this moment, and reads only the status. A redirect is a
 * failure rather than followed: the receiver registered this URL, not another one.
 */
export async function sendDelivery(
  delivery: { url: string; secret: string; eventId: string; body: string; attempt: number },
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<SendResult> {
  const timestamp = Math.floor(now() / 1000);
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'tks-webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(delivery.secret, timestamp, delivery.body),
        [EVENT_ID_HEADER]: delivery.eventId,
        'Tks-Delivery-Attempt': String(delivery.attempt),
      },
      body: delivery.body,
    });
    await response.body?.cancel();
    return { status: response.status, ok: response.status >= 200 && response.status < 300 };
  } catch (error) {
    return { status: null, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
