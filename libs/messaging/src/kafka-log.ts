import { logCreator, LogEntry, logLevel } from 'kafkajs';
import { JsonLogger } from '@tks/config';

/**
 * Broker answers that are expected while a fresh broker settles or several services start
 * together, and that kafkajs retries by itself: a topic another service created a moment
 * earlier, a group coordinator not elected yet, a partition leader being elected or
 * moved (a metadata answer older than the election). kafkajs logs
 * them at ERROR, which reads as a failure on a first start; they are logged at debug, once per
 * kind. Should one persist, the retries run out and the operation fails with its own error.
 */
const TRANSIENT = [
  /Topic creation errors/,
  /topic with this name already exists/i,
  /group coordinator is not available/i,
  /coordinator is loading/i,
  /not the correct coordinator/i,
  /no leader for this topic-partition/i,
  /leadership election/i,
  /does not host this topic-partition/i,
  /not the leader for that topic-partition/i,
  /leader epoch in the request is (older|newer)/i,
  /high watermark has not caught up from a recent leader election/i,
  /group is rebalancing/i,
  /KafkaJSGroupCoordinatorNotFound|Failed to find group coordinator/,
];

const LEVELS: Partial<Record<logLevel, 'error' | 'warn' | 'info' | 'debug'>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function isTransientKafkaLog(entry: Pick<LogEntry, 'log'>): boolean {
  const text = `${entry.log.message} ${String(entry.log.error ?? '')}`;
  return TRANSIENT.some((pattern) => pattern.test(text));
}

/** kafkajs' logs as the services' JSON lines (context `kafkajs`), transient errors demoted. */
export function kafkaLogCreator(service: string): logCreator {
  const logger = new JsonLogger(service);
  const seen = new Set<string>();
  return () => (entry) => {
    const { message, timestamp: _timestamp, stack: _stack, ...fields } = entry.log;
    let level = LEVELS[entry.level] ?? 'debug';
    if ((level === 'error' || level === 'warn') && isTransientKafkaLog(entry)) {
      const kind = `${entry.namespace} ${message} ${String(fields.error ?? '')}`;
      if (seen.has(kind)) return;
      seen.add(kind);
      level = 'debug';
    }
    logger.event(level, message, { context: 'kafkajs', namespace: entry.namespace, ...fields });
  };
}
