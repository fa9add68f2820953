import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { KeyGenerated, keyGenerationRequested } from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import { SubscriberView } from '../subscribers/subscriber-view.entity';
import { Transaction, Transactions } from '../persistence/transactions.repository';
import { KeyRequest } from './key-request.entity';
import { KeyRequestsRepository } from './key-requests.repository';

@Injectable()
export class KeysService {
  constructor(
    private readonly transactions: Transactions,
    private readonly keyRequests: KeyRequestsRepository,
    private readonly relay: OutboxRelay,
  ) {}

  /** Asks the signer for a key pair on the token; the subject names the subscriber. */
  async request(subscriber: SubscriberView): Promise<KeyRequest> {
    const request = await this.transactions.run(async (manager) => {
      const row = await this.keyRequests.insert(manager, {
        requestId: randomUUID(),
        subscriberId: subscriber.subscriberId,
        status: 'pending',
        requestedAt: new Date(),
      });
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
    return this.keyRequests.find(subscriberId, requestId);
  }

  async apply(answer: KeyGenerated, manager: Transaction): Promise<void> {
    const decided = { decidedAt: new Date(answer.generatedAt) };
    await this.keyRequests.decide(
      manager,
      answer.requestId,
      answer.outcome === 'generated'
        ? { ...decided, status: 'generated', keyLabel: answer.keyLabel, csrPem: answer.csrPem }
        : { ...decided, status: 'failed', reasonCode: answer.code, reason: answer.message },
    );
  }
}
