import * as yauzl from 'yauzl';
import * as yazl from 'yazl';

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** Largest entry read back, so a hostile archive cannot inflate without bound. */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

/**
 * The container's ZIP. Entries are stored without ZIP compression (the format compresses the
 * content itself, see сжат) and with a fixed time, so the same inputs give the same bytes.
 */
export function writeZip(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date('2000-01-01T00:00:00Z');
  for (const entry of entries) zip.addBuffer(entry.data, entry.name, { mtime, compress: false });
  zip.end();
  return collect(zip.outputStream);
}

export function readZip(archive: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: true, decodeStrings: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a ZIP archive'));
      const entries: ZipEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (/\/$/.test(entry.fileName)) return zip.readEntry();
        if (entry.fileName.includes('..') || entry.fileName.startsWith('/')) {
          return reject(new Error(`unsafe entry name ${entry.fileName}`));
        }
        if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
          return reject(new Error(`entry ${entry.fileName} exceeds ${MAX_ENTRY_BYTES} bytes`));
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('unreadable entry'));
          collect(stream).then((data) => {
            entries.push({ name: entry.fileName, data });
            zip.readEntry();
          }, reject);
        });
      });
      zip.readEntry();
    });
  });
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
