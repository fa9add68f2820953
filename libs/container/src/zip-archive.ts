import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import * as yazl from 'yazl';
import { CONTAINER_ERROR_CODES, ContainerError, errorMessage } from './container-error';

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** An entry read from its source when the archive reaches it, so it is never held whole. */
export interface StreamedZipEntry {
  readonly name: string;
  /** Its length in bytes, known beforehand. */
  readonly size: number;
  readonly open: () => Readable;
}

/** Largest entry read back, so a hostile archive cannot inflate without bound. */
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

export interface WriteZipOptions {
  /** Deflate the entries; default false (the container stores its files, which are compressed or CMS). */
  readonly compress?: boolean;
}

/**
 * Writes a ZIP with a fixed time on every entry, so the same inputs give the same bytes. The
 * container itself stores its files (as other operators' containers do: its content is already
 * compressed or encrypted); the one-file ZIP of a compressed document deflates.
 */
export function writeZip(entries: readonly ZipEntry[], options: WriteZipOptions = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date('2000-01-01T00:00:00Z');
  for (const entry of entries) {
    zip.addBuffer(entry.data, entry.name, { mtime, compress: options.compress ?? false });
  }
  zip.end();
  return collect(zip.outputStream);
}

/** yazl 3's addReadStreamLazy, which @types/yazl (written for yazl 2) leaves out. */
type LazyZipFile = yazl.ZipFile & {
  addReadStreamLazy(
    name: string,
    options: Partial<yazl.Options> & { size: number },
    open: (callback: (error: Error | null, stream: Readable) => void) => void,
  ): void;
};

/**
 * The same archive as writeZip, written as it is read: entries in memory and entries streamed from
 * their sources in turn. A streamed entry's CRC and sizes follow its data (a data descriptor).
 */
export function writeZipStream(
  entries: ReadonlyArray<ZipEntry | StreamedZipEntry>,
  options: WriteZipOptions = {},
): Readable {
  const zip = new yazl.ZipFile() as LazyZipFile;
  const mtime = new Date('2000-01-01T00:00:00Z');
  const compress = options.compress ?? false;
  for (const entry of entries) {
    if ('data' in entry) zip.addBuffer(entry.data, entry.name, { mtime, compress });
    else
      zip.addReadStreamLazy(entry.name, { mtime, compress, size: entry.size }, (callback) => {
        try {
          callback(null, entry.open());
        } catch (error) {
          callback(error instanceof Error ? error : new Error(String(error)), Readable.from([]));
        }
      });
  }
  zip.end();
  const output = zip.outputStream as Readable;
  // A source that fails, or gives other than its announced size, fails the archive's reader.
  zip.on('error', (error: Error) => output.destroy(error));
  return output;
}

/**
 * Reads every file of a ZIP. Fails with a ContainerError (TKS-CONTAINER-NOT-ZIP or -UNSAFE-ENTRY),
 * never with the library's own error.
 */
export function readZip(archive: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (code: (typeof CONTAINER_ERROR_CODES)['NOT_ZIP' | 'UNSAFE_ENTRY'], message: string) => {
      if (settled) return;
      settled = true;
      reject(new ContainerError(code, message));
    };
    const notZip = (error: unknown) =>
      fail(CONTAINER_ERROR_CODES.NOT_ZIP, `not a readable ZIP archive: ${errorMessage(error)}`);
    try {
      yauzl.fromBuffer(archive, { lazyEntries: true, decodeStrings: true }, (error, zip) => {
        if (error || !zip) return notZip(error ?? 'no archive');
        const entries: ZipEntry[] = [];
        zip.on('error', notZip);
        zip.on('end', () => {
          if (settled) return;
          settled = true;
          resolve(entries);
        });
        zip.on('entry', (entry: yauzl.Entry) => {
          if (settled) return;
          if (/\/$/.test(entry.fileName)) return zip.readEntry();
          if (entry.fileName.split(/[\\/]/).includes('..') || /^([\\/]|[A-Za-z]:)/.test(entry.fileName)) {
            return fail(CONTAINER_ERROR_CODES.UNSAFE_ENTRY, `unsafe entry name ${entry.fileName}`);
          }
          if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
            return fail(
              CONTAINER_ERROR_CODES.UNSAFE_ENTRY,
              `entry ${entry.fileName} exceeds ${MAX_ENTRY_BYTES} bytes`,
            );
          }
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError || !stream) return notZip(streamError ?? `unreadable entry ${entry.fileName}`);
            collect(stream).then((data) => {
              entries.push({ name: entry.fileName, data });
              zip.readEntry();
            }, notZip);
          });
        });
        zip.readEntry();
      });
    } catch (error) {
      notZip(error);
    }
  });
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
