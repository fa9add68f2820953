import { createHash } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DocumentBackend } from './document-backend';
import { DocumentStore, ObjectTooLargeError } from './document-store';
import { LocalDirectoryBackend } from './local-directory-backend';

/** A local backend whose disk fills up after its first chunk, as a tmpfs does. */
function fullDisk(root: string): DocumentBackend {
  const local = new LocalDirectoryBackend(root);
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  let chunks = 0;
  const sink = new Writable({
    write: (_chunk, _encoding, done) => (++chunks > 1 ? done(enospc()) : done()),
  });
  return Object.assign(Object.create(local) as DocumentBackend, {
    stage: async (body: Readable) => {
      await pipeline(body, sink);
      throw new Error('unreachable');
    },
  });
}

describe('DocumentStore', () => {
  let root: string;
  let store: DocumentStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tks-store-'));
    store = new DocumentStore(root);
    await store.init();
  });

  it('addresses an object by the SHA-256 of its bytes and returns them intact', async () => {
    const bytes = Buffer.from('Декларация', 'utf8');
    const stored = await store.put(bytes);
    expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(stored.size).toBe(bytes.length);
    expect((await store.get(stored.sha256)).equals(bytes)).toBe(true);
  });

  it('refuses a stream past the limit and leaves no partial file', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1024, 1));
    await expect(store.putStream(Readable.from(chunks), 4096)).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('leaves the source read to its end, not destroyed, when the disk is full (a multipart part, a request)', async () => {
    const full = new DocumentStore(fullDisk(root));
    const source = new PassThrough();
    const stored = full.putStream(source);
    for (let i = 0; i < 4; i++) source.write(Buffer.alloc(1024, i));
    await expect(stored).rejects.toMatchObject({ code: 'ENOSPC' });
    for (let i = 0; i < 4; i++) source.write(Buffer.alloc(1024, i));
    source.end();
    await new Promise((resolve) => source.once('close', resolve));
    // Destroyed (as pipeline did), it would close without having ended, and busboy would stall.
    expect(source.readableEnded).toBe(true);
    expect(source.errored).toBeNull();
  });

  it('fails the write when the source ends short (a client gone mid-upload)', async () => {
    const source = new PassThrough();
    const stored = store.putStream(source);
    source.write(Buffer.alloc(1024));
    source.destroy();
    await expect(stored).rejects.toThrow(/premature close/i);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('deletes an object, and deleting an absent one is not an error', async () => {
    const stored = await store.put(Buffer.from('discarded upload'));
    await store.delete(stored.sha256);
    expect(await store.has(stored.sha256)).toBe(false);
    await expect(store.delete(stored.sha256)).resolves.toBeUndefined();
  });

  it('refuses an address that is not a hash', async () => {
    expect(() => store.pathOf('../etc/passwd')).toThrow('not a sha256 address');
    await expect(store.get('../etc/passwd')).rejects.toThrow('not a sha256 address');
    expect(() => store.open('../etc/passwd')).toThrow('not a sha256 address');
  });
});
