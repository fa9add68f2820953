const DAY_MS = 24 * 3600 * 1000;

/** The customer's rule (domain README): with more than five days left, a replaced certificate keeps working. */
export const REISSUE_GRACE_DAYS = 5;

/**
 * Until when a certificate replaced by a reissue may still sign: to its own end when more than
 * five days are left at the moment of reissue, otherwise not at all (it stops at once).
 */
export function usableAfterReissue(notAfter: Date, reissuedAt: Date): Date {
  const left = notAfter.getTime() - reissuedAt.getTime();
  return left > REISSUE_GRACE_DAYS * DAY_MS ? notAfter : reissuedAt;
}

/** Whole days left until notAfter, rounded up: a certificate ending in 4.2 days has 5 days left. */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.ceil((notAfter.getTime() - now.getTime()) / DAY_MS);
}

/**
 * Expiry warning thresholds (in days) that are due now and were not yet sent, largest first. A
 * certificate bound with 10 days left gets the 30- and 14-day warnings at once, never again.
 */
export function dueExpiryWarnings(
  notAfter: Date,
  now: Date,
  thresholds: readonly number[],
  alreadySent: readonly number[],
): number[] {
  const left = daysLeft(notAfter, now);
  if (left < 0) return [];
  return [...thresholds].filter((days) => left <= days && !alreadySent.includes(days)).sort((a, b) => b - a);
}
