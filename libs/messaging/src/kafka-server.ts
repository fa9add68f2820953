import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { EachMessagePayload } from 'kafkajs';
import { messageContext } from './message-context';
import { heartbeatWhile } from './heartbeat-while';
import { CONSUMER_HEARTBEAT_INTERVAL_MS } from './consumer-session';

/** Nest's Kafka server, with each message's origin and heartbeat available to the inbox consumer. */
export class TksKafkaServer extends ServerKafka {
  constructor(options: Required<KafkaOptions>['options']) {
    super(options);
  }

  override handleMessage(payload: EachMessagePayload): Promise<unknown> {
    return messageContext.run(
      {
        topic: payload.topic,
        partition: payload.partition,
        offset: payload.message.offset,
        heartbeat: payload.heartbeat,
      },
      () =>
        heartbeatWhile(
          payload.heartbeat,
          CONSUMER_HEARTBEAT_INTERVAL_MS,
          () => super.handleMessage(payload) as Promise<unknown>,
        ),
    );
  }
}
