import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredObject {
  sha256: string;
  size: number;
}

/** Raised while streaming when the body grows past the limit; the partial file is discarded. */
export class ObjectTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`object exceeds ${limit} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

/**
 * Content-addressed store shared by the services: events carry the hash, never the bytes. Writing
 * the same bytes twice yields the same address, which keeps redelivered work idempotent.
 */
export class DocumentStore {
  constructor(private readonly root: string) {}

  async init(): Promise<void> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
  }

  /** Streams a body into the store, hashing on the way, so a big file is never held in memory. */
  async putStream(source: Readable, limit = Number.MAX_SAFE_INTEGER): Promise<StoredObject> {
    const tmp = join(this.root, 'tmp', randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
        size += chunk.length;
        if (size > limit) return done(new ObjectTooLargeError(limit));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmp));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    await this.commit(tmp, sha256);
    return { sha256, size };
  }

  async put(bytes: Buffer | Uint8Array): Promise<StoredObject> {
    return this.putStream(Readable.from([Buffer.from(bytes)]));
  }

  async get(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  open(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  /** Removes an object; an absent one is not an error (a discarded upload may be discarded twice). */
  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256 address');
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  private async commit(tmp: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
    // rename is atomic: readers see either nothing or the whole object.
    await rename(tmp, target);
  }
}
