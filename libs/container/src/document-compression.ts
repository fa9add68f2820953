import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { errorMessage } from './container-error';
import { MAX_ENTRY_BYTES, readZip, writeZip, writeZipStream } from './zip-archive';

/**
 * A document's compression (сжат="true"). The channel compresses a document as a ZIP archive
 * holding that one file (other operators name the entry `file` or after the document), and the
 * detached signatures stay over the uncompressed bytes (domain README, "What real containers look
 * like"). gzip, which containers of earlier tks versions carry, is still read.
 */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

export function compressDocument(fileName: string, content: Uint8Array): Promise<Buffer> {
  return writeZip([{ name: entryName(fileName), data: Buffer.from(content) }], { compress: true });
}

/**
 * The same one-file ZIP, from a stream into a file (a declaration too large to hold); resolves
 * with the file's length. Deflate runs on libuv's threads, off the event loop.
 */
export async function compressDocumentToFile(
  fileName: string,
  source: () => Readable,
  size: number,
  path: string,
): Promise<number> {
  await pipeline(
    writeZipStream([{ name: entryName(fileName), size, open: source }], { compress: true }),
    createWriteStream(path),
  );
  return (await stat(path)).size;
}

/**
 * The original bytes of compressed content as a stream, for content too large to hold once
 * decompressed (the tax office's intake of a declaration): ZIP of one file or gzip, as
 * decompressDocument reads; a damaged archive fails the stream.
 */
export function decompressDocumentStream(data: Buffer): Readable {
  if (data.subarray(0, 2).equals(GZIP_MAGIC)) return Readable.from([data]).pipe(createGunzip());
  if (!data.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new Error('the content is marked compressed but is neither a ZIP archive nor gzip');
  }
  const output = new PassThrough();
  const fail = (error: unknown) =>
    output.destroy(new Error(`the compressed content is a damaged ZIP archive: ${errorMessage(error)}`));
  yauzl.fromBuffer(data, { lazyEntries: true }, (error, zip) => {
    if (error || !zip) return fail(error ?? 'no archive');
    if (zip.entryCount !== 1) {
      return output.destroy(
        new Error(`the compressed content is a ZIP archive of ${zip.entryCount} files, not one`),
      );
    }
    zip.on('error', fail);
    zip.once('entry', (entry: yauzl.Entry) => {
      if (entry.uncompressedSize > MAX_ENTRY_BYTES) return fail(`entry exceeds ${MAX_ENTRY_BYTES} bytes`);
      zip.openReadStream(entry, (streamError, stream) => {
        if (streamError || !stream) return fail(streamError ?? 'unreadable entry');
        stream.on('error', fail);
        stream.pipe(output);
      });
    });
    zip.readEntry();
  });
  return output;
}

/** The original bytes of compressed content; throws with a plain reason when they cannot be had. */
export async function decompressDocument(data: Buffer): Promise<Buffer> {
  if (data.subarray(0, 4).equals(ZIP_MAGIC)) {
    let entries;
    try {
      entries = await readZip(data);
    } catch (error) {
      throw new Error(`the compressed content is a damaged ZIP archive: ${errorMessage(error)}`);
    }
    if (entries.length !== 1) {
      throw new Error(`the compressed content is a ZIP archive of ${entries.length} files, not one`);
    }
    return entries[0].data;
  }
  if (data.subarray(0, 2).equals(GZIP_MAGIC)) {
    try {
      return gunzipSync(data, { maxOutputLength: MAX_ENTRY_BYTES });
    } catch (error) {
      throw new Error(`the compressed content is damaged gzip: ${errorMessage(error)}`);
    }
  }
  throw new Error('the content is marked compressed but is neither a ZIP archive nor gzip');
}

/** The entry is named after the document, kept to its last path part (names come from filers). */
function entryName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || 'file';
}
