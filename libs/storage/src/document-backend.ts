import { Readable } from 'node:stream';

/** Bytes being written whose address is known only once the last byte has been hashed. */
export interface StagedObject {
  /** Makes the staged bytes readable under their address; durable when it resolves. */
  commit(sha256: string): Promise<void>;
  /** Forgets the staged bytes (the body was refused or the write failed). */
  discard(): Promise<void>;
}

/** Raised when an address names no stored object, whichever backend holds the documents. */
export class DocumentNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly sha256: string) {
    super(`no stored document ${sha256}`);
    this.name = 'DocumentNotFoundError';
  }
}

/**
 * Where the bytes of the content-addressed store live: a local directory or an S3 bucket. The
 * store hashes and limits; a backend only keeps bytes under the addresses it is given.
 */
export interface DocumentBackend {
  /** Names the place without credentials, for the start-up log. */
  readonly description: string;
  init(): Promise<void>;
  /** Writes a body whose address is already known (small documents built in memory). */
  write(sha256: string, bytes: Buffer): Promise<void>;
  /** Consumes a body of unknown address; rejects (and keeps nothing) when the body fails. */
  stage(body: Readable): Promise<StagedObject>;
  has(sha256: string): Promise<boolean>;
  /** Removes an object; an absent one is not an error. */
  remove(sha256: string): Promise<void>;
  read(sha256: string): Promise<Buffer>;
  /** A stream of the object; a missing object fails the stream with DocumentNotFoundError. */
  open(sha256: string): Readable;
  /** Lends a local file of the object to tools that need a path (xmllint --stream). */
  withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T>;
  /** The object's own file, when the backend is a local directory. */
  localPath?(sha256: string): string;
}
