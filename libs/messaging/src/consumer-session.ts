/**
 * The consumer group's session. A consumer killed without leaving its group holds its partitions
 * until the broker has not heard from it for `sessionTimeout`: measured on the local broker
 * (bench/consumer-recovery.js, docs/reliability.md), the restarted consumer got its partition
 * back 30.2–30.8 s after a SIGKILL with 30 s, 10.0–10.6 s with 10 s, 6.1–6.3 s with 6 s (the
 * broker's smallest allowed); 10 s keeps a margin over GC and event-loop pauses. Handlers heartbeat while they run
 * (heartbeat-while.ts), so the session no longer has to outlast the longest handler or a series of
 * retries, only the heartbeat's own gaps: one every second, ten missed before the member is
 * dropped.
 */
export const CONSUMER_SESSION_TIMEOUT_MS = 10_000;
export const CONSUMER_HEARTBEAT_INTERVAL_MS = 1_000;
