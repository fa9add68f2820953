import { AsyncLocalStorage } from 'node:async_hooks';

/** Where the message being handled came from, and the consumer's heartbeat while handling it. */
export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  heartbeat: () => Promise<void>;
}

/**
 * Set by the Kafka server around each handler call (kafka-server.ts), read by the inbox consumer:
 * the handlers stay `(message) => consume(…)` and need not pass Kafka's context along.
 */
export const messageContext = new AsyncLocalStorage<MessageContext>();
