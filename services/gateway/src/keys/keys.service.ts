import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { KeyGenerated, keyGenerationRequested } from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import { SubscriberView } from '../subscribers/subscriber-view.entity';
import { KeyRequest } from './key-request.entity';

@Injectable()
export class KeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  /** Asks the signer for a key pair on the token; the subject names the subscriber. */
  async request(subscriber: SubscriberView): Promise<KeyRequest> {
    const request = await this.dataSource.transaction(async (manager) => {
      const row = manager.create(KeyRequest, {
        requestId: randomUUID(),
        subscriberId: subscriber.subscriberId,
        status: 'pending',
        requestedAt: new Date(),
      });
      await manager.insert(KeyRequest, row);
      await enqueueEvent(manager, keyGenerationRequested, subscriber.subscriberId, {
        requestId: row.requestId,
        subscriberId: subscriber.subscriberId,
        subject: {
          commonName: subscriber.name.slice(0, 200),
          organization: subscriber.kind === 'company' ? subscriber.name.slice(0, 200) : undefined,
          country: 'RU',
        },
        requestedAt: row.requestedAt.toISOString(),
      });
      return row;
    });
    this.relay.kick();
    return request;
  }

  find(subscriberId: string, requestId: string): Promise<KeyRequest | null> {
    return this.dataSource.getRepository(KeyRequest).findOneBy({ subscriberId, requestId });
  }

  async apply(answer: KeyGenerated, manager: EntityManager): Promise<void> {
    const decided = { decidedAt: new Date(answer.generatedAt) };
    await manager.update(
      KeyRequest,
      { requestId: answer.requestId, status: 'pending' },
      answer.outcome === 'generated'
        ? { ...decided, status: 'generated', keyLabel: answer.keyLabel, csrPem: answer.csrPem }
        : { ...decided, status: 'failed', reasonCode: answer.code, reason: answer.message },
    );
  }
}
