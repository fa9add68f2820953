import { createHash } from 'node:crypto';
import { finished, Readable, Transform, TransformCallback } from 'node:stream';
import { DocumentBackend } from './document-backend';
import { LocalDirectoryBackend } from './local-directory-backend';

export interface StoredObject {
  sha256: string;
  size: number;
}

/** Raised while streaming when the body grows past the limit; the partial object is discarded. */
export class ObjectTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`object exceeds ${limit} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

function checkAddress(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256 address');
  return sha256;
}

/**
 * Content-addressed store shared by the services: events carry the hash, never the bytes. Writing
 * the same bytes twice yields the same address, which keeps redelivered work idempotent. The
 * bytes live in a backend (a local directory, or an S3 bucket when services run on several
 * machines); every write is durable when it resolves.
 */
export class DocumentStore {
  readonly backend: DocumentBackend;

  /** A directory path (the local deployment and tests) or a backend. */
  constructor(backend: DocumentBackend | string) {
    this.backend = typeof backend === 'string' ? new LocalDirectoryBackend(backend) : backend;
  }

  get description(): string {
    return this.backend.description;
  }

  async init(): Promise<void> {
    await this.backend.init();
  }

  /** Streams a body into the store, hashing on the way, so a big file is never held in memory. */
  async putStream(source: Readable, limit = Number.MAX_SAFE_INTEGER): Promise<StoredObject> {
    const hash = createHash('sha256');
    let size = 0;
    let refused: ObjectTooLargeError | undefined;
    const meter = new Transform({
      transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
        size += chunk.length;
        if (size > limit) return done((refused = new ObjectTooLargeError(limit)));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    // Not pipeline: a write that fails (a full disk) must leave the source to be read to its end,
    // not destroyed: a destroyed multipart part stalls busboy, and a destroyed request cuts the
    // client off before it hears why. An error of the source, or its end cut short (a client gone
    // mid-upload), still fails the write instead of leaving it waiting.
    finished(source, (error) => {
      if (error) meter.destroy(error);
    });
    const body = source.pipe(meter);
    let staged;
    try {
      staged = await this.backend.stage(body);
    } catch (error) {
      source.unpipe(meter);
      if (refused) source.destroy(refused);
      else source.resume();
      throw refused ?? error;
    }
    if (refused) {
      await staged.discard();
      throw refused;
    }
    const sha256 = hash.digest('hex');
    try {
      await staged.commit(sha256);
    } catch (error) {
      await staged.discard().catch(() => undefined);
      throw error;
    }
    return { sha256, size };
  }

  async put(bytes: Buffer | Uint8Array): Promise<StoredObject> {
    const buffer = Buffer.from(bytes);
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    await this.backend.write(sha256, buffer);
    return { sha256, size: buffer.length };
  }

  /** The whole object in memory: only for documents known to be small. */
  async get(sha256: string): Promise<Buffer> {
    return this.backend.read(checkAddress(sha256));
  }

  /** A stream of the object, for large documents and downloads. */
  open(sha256: string): Readable {
    return this.backend.open(checkAddress(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return this.backend.has(checkAddress(sha256));
  }

  /** Removes an object; an absent one is not an error (a discarded upload may be discarded twice). */
  async delete(sha256: string): Promise<void> {
    await this.backend.remove(checkAddress(sha256));
  }

  /**
   * The object's file in a local-directory store. Code that needs a file should prefer
   * withLocalFile, which also works when the store is an S3 bucket.
   */
  pathOf(sha256: string): string {
    checkAddress(sha256);
    if (!this.backend.localPath)
      throw new Error(`the document store is not a local directory (${this.description})`);
    return this.backend.localPath(sha256);
  }

  /** Calls `use` with a local file of the object (a temporary copy when the store is remote). */
  async withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T> {
    return this.backend.withLocalFile(checkAddress(sha256), use);
  }
}
