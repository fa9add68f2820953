import { createHash } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DocumentStore, ObjectTooLargeError } from './document-store';

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
