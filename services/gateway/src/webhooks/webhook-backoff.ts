/**
 * When a failed delivery is tried again: exponential from `baseMs` (1×, 2×, 4× …) capped at
 * `maxMs`, with up to a fifth of random jitter so a receiver that comes back is not hit by every
 * endpoint's retries at the same instant. After `maxAttempts` attempts the delivery is given up
 * (it stays recorded, and a replay can send the event again).
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly maxAttempts: number;
}

/** Delay before attempt `attempts + 1`, or null when `attempts` is the last one allowed. */
export function nextAttemptDelay(
  policy: BackoffPolicy,
  attempts: number,
  random: () => number = Math.random,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponential = policy.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30);
  const capped = Math.min(exponential, policy.maxMs);
  return Math.round(capped * (1 + 0.2 * random()));
}
