import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventContract, EventEnvelope } from '@tks/contracts';
import { OutboxMessage } from './outbox.entity';

/**
 * Queues an event inside the caller's transaction. The payload is checked against its contract
 * here too, so a service cannot publish what its consumers would refuse.
 */
export async function enqueueEvent<P>(
  manager: EntityManager,
  contract: EventContract<P>,
  key: string,
  payload: P,
  now: Date = new Date(),
): Promise<EventEnvelope<P>> {
  const checked = contract.payload.parse(payload);
  const envelope: EventEnvelope<P> = {
    id: randomUUID(),
    type: contract.type,
    version: contract.version,
    occurredAt: now.toISOString(),
    key,
    payload: checked,
  };
  // The envelope is bound as JSON text: TypeORM's partial-entity typing cannot express `unknown`.
  await manager
    .createQueryBuilder()
    .insert()
    .into(OutboxMessage)
    .values({ id: envelope.id, topic: contract.topic.name, key, envelope: () => ':envelope' })
    .setParameter('envelope', JSON.stringify(envelope))
    .execute();
  return envelope;
}
