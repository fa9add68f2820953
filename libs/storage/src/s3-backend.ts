import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { DocumentBackend, DocumentNotFoundError, StagedObject } from './document-backend';

export interface S3BackendOptions {
  client: S3Client;
  bucket: string;
  /** Keys start with it (`tks/` or a test's namespace); empty or ending in `/`. */
  prefix: string;
  /** Bodies above one part go by multipart upload, this many bytes a part (at least 5 MiB). */
  partSize: number;
  /** Where the service can be reached, for the start-up log (never credentials). */
  endpoint: string;
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Documents as objects of an S3 bucket (`<prefix><xx>/<sha256>`). A body whose hash is not known
 * before its last byte (an upload) is streamed to `<prefix>tmp/<uuid>`, by multipart upload when
 * large, then copied under its address: S3 has no rename, and a completed PUT or copy is durable
 * and atomic, so readers see either nothing or the whole object.
 */
export class S3Backend implements DocumentBackend {
  readonly description: string;

  constructor(private readonly options: S3BackendOptions) {
    this.description = `s3 bucket ${options.bucket} prefix "${options.prefix}" at ${options.endpoint}`;
  }

  async init(): Promise<void> {
    try {
      await this.options.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const why = status === 404 ? 'does not exist' : `cannot be reached (${(error as Error).name})`;
      throw new Error(`document store: bucket ${this.options.bucket} at ${this.options.endpoint} ${why}`);
    }
  }

  async write(sha256: string, bytes: Buffer): Promise<void> {
    await this.options.client.send(
      new PutObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256), Body: bytes }),
    );
  }

  async stage(body: Readable): Promise<StagedObject> {
    const key = `${this.options.prefix}tmp/${randomUUID()}`;
    const upload = new Upload({
      client: this.options.client,
      params: { Bucket: this.options.bucket, Key: key, Body: body },
      partSize: this.options.partSize,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      body.destroy();
      await this.removeKey(key).catch(() => undefined);
      throw error;
    }
    return { commit: (sha256) => this.commit(key, sha256), discard: () => this.removeKey(key) };
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.options.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }),
      );
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    // S3 answers a delete of an absent key with success too.
    await this.removeKey(this.keyOf(sha256));
  }

  async read(sha256: string): Promise<Buffer> {
    const body = await this.getBody(sha256);
    return Buffer.from(await body.transformToByteArray());
  }

  open(sha256: string): Readable {
    const out = new PassThrough();
    this.getBody(sha256).then(
      (body) => pipeline(body as Readable, out).catch((error: unknown) => out.destroy(error as Error)),
      (error: unknown) => out.destroy(error as Error),
    );
    return out;
  }

  async withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'tks-document-'));
    try {
      const path = join(dir, sha256);
      await pipeline(this.open(sha256), createWriteStream(path));
      return await use(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async getBody(sha256: string) {
    try {
      const answer = await this.options.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }),
      );
      if (!answer.Body) throw new DocumentNotFoundError(sha256);
      return answer.Body;
    } catch (error) {
      throw isMissing(error) ? new DocumentNotFoundError(sha256) : error;
    }
  }

  private async commit(staged: string, sha256: string): Promise<void> {
    // The same bytes stored before (a redelivered event, a second upload) need no second copy.
    if (!(await this.has(sha256))) {
      await this.options.client.send(
        new CopyObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(sha256),
          CopySource: `${this.options.bucket}/${staged}`,
        }),
      );
    }
    await this.removeKey(staged);
  }

  private async removeKey(key: string): Promise<void> {
    await this.options.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  private keyOf(sha256: string): string {
    return `${this.options.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }
}
