import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DocumentBackend, DocumentNotFoundError, StagedObject } from './document-backend';
import { DurableSync, fsyncDurably } from './durable-file';

function missingAs(sha256: string, error: unknown): unknown {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? new DocumentNotFoundError(sha256) : error;
}

/**
 * A directory shared by the services of one machine (or a network file system): `<xx>/<sha256>`,
 * written under `tmp/` and renamed into place, so readers see either nothing or the whole object.
 */
export class LocalDirectoryBackend implements DocumentBackend {
  readonly description: string;

  constructor(
    private readonly root: string,
    private readonly sync: DurableSync = fsyncDurably,
  ) {
    this.description = `directory ${root}`;
  }

  async init(): Promise<void> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
  }

  async write(sha256: string, bytes: Buffer): Promise<void> {
    const tmp = this.tmpPath();
    try {
      await writeFile(tmp, bytes);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    await this.commit(tmp, sha256);
  }

  async stage(body: Readable): Promise<StagedObject> {
    const tmp = this.tmpPath();
    try {
      await pipeline(body, createWriteStream(tmp));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return { commit: (sha256) => this.commit(tmp, sha256), discard: () => rm(tmp, { force: true }) };
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.localPath(sha256)).then(
      () => true,
      () => false,
    );
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.localPath(sha256), { force: true });
  }

  async read(sha256: string): Promise<Buffer> {
    return readFile(this.localPath(sha256)).catch((error: unknown) =>
      Promise.reject(missingAs(sha256, error)),
    );
  }

  open(sha256: string): Readable {
    const out = new PassThrough();
    const file = createReadStream(this.localPath(sha256));
    file.on('error', (error) => out.destroy(missingAs(sha256, error) as Error));
    return file.pipe(out);
  }

  async withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T> {
    return use(this.localPath(sha256));
  }

  localPath(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  private tmpPath(): string {
    return join(this.root, 'tmp', randomUUID());
  }

  /** Durable before it returns: the caller commits a database row that names this address next. */
  private async commit(tmp: string, sha256: string): Promise<void> {
    const shard = join(this.root, sha256.slice(0, 2));
    try {
      await this.sync.file(tmp);
      const created = await mkdir(shard, { recursive: true });
      // A new shard directory is itself a new name in the root.
      if (created !== undefined) await this.sync.directory(this.root);
      await rename(tmp, this.localPath(sha256));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    await this.sync.directory(shard);
  }
}
