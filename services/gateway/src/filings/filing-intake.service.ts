import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { filingSubmitted } from '@tks/contracts';
import { enqueueEvent, OutboxRelay } from '@tks/messaging';
import { DocumentStore, ObjectTooLargeError } from '@tks/storage';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { problem, ProblemException } from '../http/problem';
import { SubscriberView } from '../subscribers/subscriber-view.entity';
import { checkDeclaration } from './declaration-check';
import { FilingDocument } from './filing-document.entity';
import { FilingEvent } from './filing-event.entity';
import { Filing } from './filing.entity';

export interface IntakeRequest {
  subscriberId: string;
  body: Readable;
  fileName?: string;
  idempotencyKey?: string;
}

export interface IntakeResult {
  filing: Filing;
  replayed: boolean;
}

/**
 * Takes a declaration in: stream it to the store, check it, then record the filing and its
 * `filing.submitted` event in one transaction. The filing is durable before the client hears 202.
 */
@Injectable()
export class FilingIntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: DocumentStore,
    private readonly relay: OutboxRelay,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async submit(request: IntakeRequest): Promise<IntakeResult> {
    const subscriber = await this.dataSource.getRepository(SubscriberView).findOneBy({
      subscriberId: request.subscriberId,
    });
    if (!subscriber || subscriber.status !== 'active') {
      request.body.resume();
      throw problem(404, 'TKS-SUBSCRIBER-UNKNOWN', 'Unknown subscriber', 'register the subscriber first');
    }
    if (request.idempotencyKey) {
      const previous = await this.dataSource
        .getRepository(Filing)
        .findOneBy({ subscriberId: subscriber.subscriberId, idempotencyKey: request.idempotencyKey });
      if (previous) {
        request.body.resume();
        return { filing: previous, replayed: true };
      }
    }

    const stored = await this.store
      .putStream(request.body, this.config.MAX_DECLARATION_BYTES)
      .catch((error) => {
        if (error instanceof ObjectTooLargeError) {
          throw problem(413, 'TKS-TOO-LARGE', 'Declaration too large', `the limit is ${error.limit} bytes`);
        }
        throw error;
      });
    const bytes = await this.store.get(stored.sha256);
    const checked = checkDeclaration(bytes, { fileName: request.fileName, subscriber });
    if (!checked.ok) throw new ProblemException(checked.problem);
    const declaration = checked.value;

    const existing = await this.dataSource.getRepository(Filing).findOneBy({ fileId: declaration.fileId });
    if (existing) return this.replayOrConflict(existing, subscriber.subscriberId);

    const now = new Date();
    const filing = Object.assign(new Filing(), {
      filingId: randomUUID(),
      docflowId: randomUUID().replace(/-/g, ''),
      subscriberId: subscriber.subscriberId,
      fileId: declaration.fileId,
      formCode: declaration.formCode,
      taxOfficeCode: declaration.taxOfficeCode,
      status: 'submitted' as const,
      idempotencyKey: request.idempotencyKey ?? null,
      submittedAt: now,
      updatedAt: now,
    });
    const fileName = `${declaration.fileId}.xml`;
    try {
      await this.dataSource.transaction((manager) => this.record(manager, filing, fileName, stored));
    } catch (error) {
      // A concurrent upload of the same file won the unique index: answer with its filing.
      if ((error as { code?: string }).code === '23505') {
        const winner = await this.dataSource.getRepository(Filing).findOneBy({ fileId: declaration.fileId });
        if (winner) return this.replayOrConflict(winner, subscriber.subscriberId);
      }
      throw error;
    }
    this.relay.kick();
    return { filing, replayed: false };
  }

  private async record(
    manager: EntityManager,
    filing: Filing,
    fileName: string,
    stored: { sha256: string; size: number },
  ): Promise<void> {
    await manager.insert(Filing, filing);
    await manager.insert(FilingDocument, {
      documentId: randomUUID(),
      filingId: filing.filingId,
      kind: 'declaration',
      fileName,
      mediaType: 'application/xml',
      sha256: stored.sha256,
      size: stored.size,
    });
    await manager.insert(FilingEvent, {
      filingId: filing.filingId,
      status: 'submitted',
      at: filing.submittedAt,
    });
    await enqueueEvent(
      manager,
      filingSubmitted,
      filing.filingId,
      {
        filingId: filing.filingId,
        docflowId: filing.docflowId,
        subscriberId: filing.subscriberId,
        fileId: filing.fileId,
        formCode: filing.formCode,
        taxOfficeCode: filing.taxOfficeCode,
        submittedAt: filing.submittedAt.toISOString(),
        declaration: { sha256: stored.sha256, size: stored.size, mediaType: 'application/xml', fileName },
      },
      filing.submittedAt,
    );
  }

  private replayOrConflict(existing: Filing, subscriberId: string): IntakeResult {
    if (existing.subscriberId !== subscriberId) {
      throw problem(
        409,
        'TKS-FILE-ID-TAKEN',
        'A file with this ИдФайл was already filed by another subscriber',
      );
    }
    return { filing: existing, replayed: true };
  }
}
