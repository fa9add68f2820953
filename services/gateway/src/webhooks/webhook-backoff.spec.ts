import { nextAttemptDelay } from './webhook-backoff';

describe('webhook retry backoff', () => {
  const policy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 8 };
  const noJitter = () => 0;

  it('doubles the delay after each failed attempt', () => {
    expect([1, 2, 3, 4].map((n) => nextAttemptDelay(policy, n, noJitter))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap', () => {
    expect(nextAttemptDelay(policy, 7, noJitter)).toBe(60_000);
  });

  it('adds at most a fifth of jitter', () => {
    expect(nextAttemptDelay(policy, 3, () => 0.999)).toBeLessThanOrEqual(4800);
    expect(nextAttemptDelay(policy, 3, () => 0.5)).toBe(4400);
  });

  it('gives up after the last attempt', () => {
    expect(nextAttemptDelay(policy, 8, noJitter)).toBeNull();
  });
});
