import { Injectable, Logger } from '@nestjs/common';
import { DocumentStore, StoredObject } from '@tks/storage';
import { FilingsRepository } from './filings.repository';

/**
 * An upload streams into the store before it is checked, so an upload that ends without a
 * recorded document (too large, refused before it was recorded, a reused Idempotency-Key, a client
 * gone mid-way) would leave its bytes behind. The store is content-addressed: the same bytes may
 * be a recorded document of another filing (a retry of the same body), so only objects no row
 * refers to are deleted.
 */
@Injectable()
export class UploadJanitor {
  private readonly logger = new Logger(UploadJanitor.name);

  constructor(
    private readonly filings: FilingsRepository,
    private readonly store: DocumentStore,
  ) {}

  async discardUnreferenced(objects: readonly StoredObject[]): Promise<void> {
    const addresses = [...new Set(objects.map((o) => o.sha256))];
    if (addresses.length === 0) return;
    try {
      const keep = await this.filings.referencedObjects(addresses);
      await Promise.all(addresses.filter((a) => !keep.has(a)).map((a) => this.store.delete(a)));
    } catch (error) {
      // The answer to the client stands; a leftover object wastes space but breaks nothing.
      this.logger.warn(`could not discard an upload's objects: ${String(error)}`);
    }
  }
}
