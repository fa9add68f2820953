import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { DocumentStore } from './document-store';
import { DurableSync, fsyncDurably } from './durable-file';
import { LocalDirectoryBackend } from './local-directory-backend';

/** Records every fsync the backend asks for, then does it. */
function recordingSync(root: string) {
  const calls: { kind: 'file' | 'directory'; path: string }[] = [];
  const sync: DurableSync = {
    file: async (path) => {
      calls.push({ kind: 'file', path });
      await fsyncDurably.file(path);
    },
    directory: async (path) => {
      calls.push({ kind: 'directory', path });
      await fsyncDurably.directory(path);
    },
  };
  return { calls, sync, root };
}

describe('LocalDirectoryBackend durability', () => {
  let recorder: ReturnType<typeof recordingSync>;
  let store: DocumentStore;
  beforeEach(async () => {
    recorder = recordingSync(await mkdtemp(join(tmpdir(), 'tks-durable-')));
    store = new DocumentStore(new LocalDirectoryBackend(recorder.root, recorder.sync));
    await store.init();
  });

  it.each([
    ['put', (s: DocumentStore, b: Buffer) => s.put(b)],
    ['putStream', (s: DocumentStore, b: Buffer) => s.putStream(Readable.from([b]))],
  ])(
    '%s syncs the bytes before they get their name, then the directory holding the name',
    async (_n, write) => {
      const stored = await write(store, Buffer.from('durable declaration (fixture)'));
      const target = store.pathOf(stored.sha256);
      const { calls } = recorder;
      // The file synced is the staged one (in tmp/), before the rename made it visible.
      expect(calls[0]).toMatchObject({
        kind: 'file',
        path: expect.stringContaining(join(recorder.root, 'tmp')),
      });
      // A fresh shard directory is a new entry of the root, which is synced too.
      expect(calls).toContainEqual({ kind: 'directory', path: recorder.root });
      // Last, before put returns: the directory that now holds the object's name.
      expect(calls[calls.length - 1]).toEqual({ kind: 'directory', path: dirname(target) });
      expect(await readFile(target, 'utf8')).toBe('durable declaration (fixture)');
    },
  );

  it('does not sync the root again for a shard that exists', async () => {
    await store.put(Buffer.from('first (fixture)'));
    recorder.calls.length = 0;
    const again = await store.put(Buffer.from('first (fixture)'));
    expect(recorder.calls.map((c) => c.kind)).toEqual(['file', 'directory']);
    expect(recorder.calls[1]?.path).toBe(dirname(store.pathOf(again.sha256)));
  });

  it('fails the write, leaving nothing staged, when the sync fails', async () => {
    const failing = new LocalDirectoryBackend(recorder.root, {
      file: () => Promise.reject(Object.assign(new Error('EIO (fixture)'), { code: 'EIO' })),
      directory: fsyncDurably.directory,
    });
    const s = new DocumentStore(failing);
    const bytes = Buffer.from('never durable (fixture)');
    await expect(s.put(bytes)).rejects.toThrow('EIO (fixture)');
    expect(await readdir(join(recorder.root, 'tmp'))).toEqual([]);
    expect(await s.has(createHash('sha256').update(bytes).digest('hex'))).toBe(false);
  });
});
