import { Counter, Histogram, register } from 'prom-client';

/**
 * Metrics of the inbox consumer, in the process-wide registry that each service's `/metrics`
 * serves (libs/platform, observability). Labelled by topic, never by event or filing id, so the
 * number of series stays bounded.
 */
export const messagingMetrics = {
  consumed: new Counter({
    name: 'tks_events_consumed_total',
    help: 'Inbound events by topic and outcome (applied, duplicate, dead-lettered)',
    labelNames: ['service', 'topic', 'outcome'] as const,
    registers: [register],
  }),
  handling: new Histogram({
    name: 'tks_event_handling_seconds',
    help: 'Time from receiving an inbound event to its commit (retries included), by topic',
    labelNames: ['service', 'topic'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [register],
  }),
  deadLetters: new Counter({
    name: 'tks_dead_letters_total',
    help: 'Events sent to the dead-letter topic, by the topic they came from and why (invalid or failing)',
    labelNames: ['service', 'source_topic', 'reason'] as const,
    registers: [register],
  }),
};
