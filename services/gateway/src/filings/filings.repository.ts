import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, Not } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Transaction } from '../persistence/transactions.repository';
import { FilingDocument } from './filing-document.entity';
import { FilingEvent } from './filing-event.entity';
import { Filing } from './filing.entity';

export type NewFilingDocument = Pick<
  FilingDocument,
  'documentId' | 'filingId' | 'kind' | 'fileName' | 'mediaType' | 'sha256' | 'size'
> &
  Partial<Pick<FilingDocument, 'acknowledges'>>;

export type NewFilingEvent = Pick<FilingEvent, 'filingId' | 'status' | 'at'> &
  Partial<Pick<FilingEvent, 'progress' | 'outcome' | 'detail'>>;

export type FilingColumns = QueryDeepPartialEntity<Filing>;

/** Whose filings a list may show: all, a client's subscribers, or an inspector's tax offices. */
export type FilingScope = { subscriberIds: string[] } | { taxOfficeCodes: string[] } | 'all';

export interface FilingListFilter {
  subscriber?: string;
  status?: string;
  progress?: string;
  outcome?: string;
  knd?: string;
  from?: Date;
  /** `inclusive: false` for a bare date, whose whole day is in. */
  to?: { at: Date; inclusive: boolean };
  /** The last filing of the previous page, by (submitted_at, filing_id). */
  after?: { at: Date; filingId: string };
}

/**
 * Filings, their documents and their timeline (filings, filing_documents, filing_events): the only
 * code of the gateway that queries these tables. Writes take the caller's transaction.
 */
@Injectable()
export class FilingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(filingId: string): Promise<Filing | null> {
    return this.dataSource.getRepository(Filing).findOneBy({ filingId });
  }

  findByIdempotencyKey(subscriberId: string, idempotencyKey: string): Promise<Filing | null> {
    return this.dataSource.getRepository(Filing).findOneBy({ subscriberId, idempotencyKey });
  }

  /** The filing that holds this ИдФайл: any but a refused one. */
  findByFileId(fileId: string): Promise<Filing | null> {
    return this.dataSource.getRepository(Filing).findOneBy({ fileId, status: Not('refused') });
  }

  /** The filing, its row locked until the transaction ends. */
  lock(tx: Transaction, filingId: string): Promise<Filing | null> {
    return tx.findOne(Filing, { where: { filingId }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(tx: Transaction, filing: Filing): Promise<void> {
    await tx.insert(Filing, filing);
  }

  async update(tx: Transaction, filingId: string, columns: FilingColumns): Promise<void> {
    await tx.update(Filing, { filingId }, columns);
  }

  async insertDocument(tx: Transaction, document: NewFilingDocument): Promise<void> {
    await tx.insert(FilingDocument, document);
  }

  /** A document reported again (a redelivered event) is kept once. */
  async addDocumentOnce(tx: Transaction, document: NewFilingDocument): Promise<void> {
    await tx.createQueryBuilder().insert().into(FilingDocument).values(document).orIgnore().execute();
  }

  async insertEvent(tx: Transaction, event: NewFilingEvent): Promise<void> {
    await tx.insert(FilingEvent, event);
  }

  document(filingId: string, documentId: string): Promise<FilingDocument | null> {
    return this.dataSource.getRepository(FilingDocument).findOneBy({ filingId, documentId });
  }

  /** The filing's documents, in no particular order. */
  documents(filingId: string): Promise<FilingDocument[]> {
    return this.dataSource.getRepository(FilingDocument).findBy({ filingId });
  }

  /** The filing's documents in the order they were recorded. */
  documentsInOrder(filingId: string): Promise<FilingDocument[]> {
    return this.dataSource
      .getRepository(FilingDocument)
      .find({ where: { filingId }, order: { createdAt: 'ASC' } });
  }

  declaration(tx: Transaction, filingId: string): Promise<FilingDocument> {
    return tx.findOneByOrFail(FilingDocument, { filingId, kind: 'declaration' });
  }

  /** The document of one of `kinds` with this file name, of this filing. */
  documentNamed(
    filingId: string,
    fileName: string,
    kinds: readonly FilingDocument['kind'][],
  ): Promise<FilingDocument | null> {
    return this.dataSource
      .getRepository(FilingDocument)
      .findOneBy({ filingId, fileName, kind: In([...kinds]) });
  }

  /** The kinds of the documents recorded so far, read in the transaction that records the next event. */
  async documentKinds(tx: Transaction, filingId: string): Promise<string[]> {
    const documents = await tx.find(FilingDocument, { select: { kind: true }, where: { filingId } });
    return documents.map((d) => d.kind);
  }

  timeline(filingId: string): Promise<FilingEvent[]> {
    return this.dataSource.getRepository(FilingEvent).find({ where: { filingId }, order: { seq: 'ASC' } });
  }

  /**
   * GET /filings: newest first, keyset pagination on (submitted_at, filing_id) (indexes
   * filings_list and filings_list_subscriber). Returns up to `limit` rows.
   */
  page(scope: FilingScope, filter: FilingListFilter, limit: number): Promise<Filing[]> {
    const builder = this.dataSource.getRepository(Filing).createQueryBuilder('f');
    if (scope !== 'all' && 'subscriberIds' in scope) {
      builder.andWhere('f.subscriber_id = ANY(:allowed)', { allowed: scope.subscriberIds });
    } else if (scope !== 'all') {
      builder.andWhere('f.tax_office_code = ANY(:offices)', { offices: scope.taxOfficeCodes });
    }
    if (filter.subscriber)
      builder.andWhere('f.subscriber_id = :subscriber', { subscriber: filter.subscriber });
    if (filter.status) builder.andWhere('f.status = :status', { status: filter.status });
    if (filter.progress) builder.andWhere('f.progress = :progress', { progress: filter.progress });
    if (filter.outcome) builder.andWhere('f.outcome = :outcome', { outcome: filter.outcome });
    if (filter.knd) builder.andWhere('f.form_code = :knd', { knd: filter.knd });
    if (filter.from) builder.andWhere('f.submitted_at >= :from', { from: filter.from });
    if (filter.to) {
      builder.andWhere(filter.to.inclusive ? 'f.submitted_at <= :to' : 'f.submitted_at < :to', {
        to: filter.to.at,
      });
    }
    const after = filter.after;
    if (after) {
      builder.andWhere(
        new Brackets((w) =>
          w
            .where('f.submitted_at < :at', { at: after.at })
            .orWhere('(f.submitted_at = :at AND f.filing_id < :id)', { at: after.at, id: after.filingId }),
        ),
      );
    }
    return builder.orderBy('f.submitted_at', 'DESC').addOrderBy('f.filing_id', 'DESC').limit(limit).getMany();
  }

  /** Filings by docflow stage and outcome: an index-only count on the history indexes. */
  countByStage(): Promise<Array<{ stage: string; outcome: string; count: number }>> {
    return this.dataSource.query(
      `SELECT progress AS stage, coalesce(outcome, 'none') AS outcome, count(*)::int AS count
             FROM gateway.filings GROUP BY 1, 2`,
    );
  }

  /**
   * Which of these store addresses a row refers to: a filing's document, or a receipt notice or its
   * signature (their bytes are in the same store).
   */
  async referencedObjects(addresses: string[]): Promise<Set<string>> {
    const referenced = await this.dataSource.query<Array<{ sha256: string }>>(
      `SELECT sha256 FROM gateway.filing_documents WHERE sha256 = ANY($1)
         UNION SELECT sha256 FROM gateway.receipt_notices WHERE sha256 = ANY($1)
         UNION SELECT signature_sha256 FROM gateway.receipt_notices WHERE signature_sha256 = ANY($1)`,
      [addresses],
    );
    return new Set(referenced.map((row) => row.sha256.trim()));
  }
}
