/**
 * The payload of a `tks.dead-letter.v1` event: what failed, where it came from (topic, partition,
 * offset), why, and the original message as received, so it can be replayed to its topic.
 */
export interface DeadLetter {
  service: string;
  sourceTopic: string;
  reason: string;
  /** `invalid`: broke its contract, at once; `failing`: kept failing, or killed its consumer. */
  kind: 'invalid' | 'failing';
  partition?: number;
  offset?: string;
  attempts?: number;
  original: unknown;
}
