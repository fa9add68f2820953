/**
 * kafkajs heartbeats only between messages: a handler that runs longer than the session timeout
 * (a large declaration to sign, retries waiting) would be taken for dead and its partitions
 * handed to another member mid-work. This keeps heartbeating while the work runs; a failing
 * heartbeat (a rebalance under way) is left for the consumer to notice after the work.
 */
export async function heartbeatWhile<T>(
  heartbeat: () => Promise<void>,
  intervalMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), intervalMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
