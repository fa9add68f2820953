import { gunzipSync } from 'node:zlib';
import { errorMessage } from './container-error';
import { MAX_ENTRY_BYTES, readZip, writeZip } from './zip-archive';

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
