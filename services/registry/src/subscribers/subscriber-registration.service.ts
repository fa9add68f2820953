import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  SubscriberRegistrationRequested,
  subscriberRegistrationRejected,
  subscriberState,
} from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import type { Transaction } from '../persistence/transactions.repository';
import { checkSubscriberIdentity } from './subscriber-identity';
import { SubscribersRepository } from './subscribers.repository';
import { toSubscriberState } from '../certificates/subscriber-state.publisher';

export const OPERATOR_CODE = Symbol('OPERATOR_CODE');

/**
 * Registers a subscriber and issues its identifier: the operator's three-character code, a dash
 * and a random 32-hex part. The random part makes an identifier unique for ever without a shared
 * counter, and it is never reused because rows are closed, not deleted.
 */
@Injectable()
export class SubscriberRegistrationService {
  constructor(
    @Inject(OPERATOR_CODE) private readonly operatorCode: string,
    private readonly subscribers: SubscribersRepository,
  ) {}

  async register(request: SubscriberRegistrationRequested, manager: Transaction): Promise<void> {
    const reject = (code: string, message: string) =>
      enqueueEvent(manager, subscriberRegistrationRejected, request.registrationId, {
        registrationId: request.registrationId,
        code,
        message,
      });

    const identity = checkSubscriberIdentity(request);
    if (!identity.ok) return void (await reject(identity.code, identity.message));

    const duplicate = await this.subscribers.findActiveByInnKpp(manager, request.inn, request.kpp);
    if (duplicate) {
      return void (await reject(
        'TKS-SUBSCRIBER-DUPLICATE',
        'a subscriber with this INN/KPP is already registered',
      ));
    }

    const subscriber = await this.subscribers.insert(manager, {
      subscriberId: `${this.operatorCode}-${randomUUID().replace(/-/g, '')}`,
      registrationId: request.registrationId,
      kind: request.kind,
      name: request.name,
      inn: request.inn,
      kpp: request.kpp ?? null,
      ogrn: request.ogrn ?? null,
      taxOfficeCodes: request.taxOfficeCodes,
      status: 'active',
      registeredAt: new Date(),
    });
    // A new subscriber has no certificates yet; the list is sent so readers know it is empty.
    await enqueueEvent(manager, subscriberState, subscriber.subscriberId, toSubscriberState(subscriber, []));
  }
}
