import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/**
 * The bytes of a declaration wherever they are (the gateway's document store, a file on disk): read
 * whole when small, streamed and handed to xmllint by path when large.
 */
export interface DeclarationSource {
  readonly size: number;
  read(): Promise<Buffer>;
  open(): Readable;
  /** Lends a path xmllint can read (the streamed XSD check) for as long as `use` runs. */
  withPath<T>(use: (path: string) => Promise<T>): Promise<T>;
}

export async function fileSource(path: string): Promise<DeclarationSource> {
  const { size } = await stat(path);
  return {
    size,
    read: () => readFile(path),
    open: () => createReadStream(path),
    withPath: (use) => use(path),
  };
}
