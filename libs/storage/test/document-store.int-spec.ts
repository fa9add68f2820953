import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  backendFor,
  DocumentNotFoundError,
  DocumentStore,
  LocalDirectoryBackend,
  ObjectTooLargeError,
  parseDocumentStoreUrl,
} from '@tks/storage';
import { objectStoreForTest, uniqueName } from '@tks/testing';

const MiB = 1024 * 1024;

interface Fixture {
  store: DocumentStore;
  /** Staging objects left behind (none may be after any put, refused or not). */
  leftovers(): Promise<string[]>;
}

async function localFixture(): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), 'tks-store-contract-'));
  const store = new DocumentStore(new LocalDirectoryBackend(root));
  await store.init();
  return { store, leftovers: () => readdir(join(root, 'tmp')) };
}

async function s3Fixture(): Promise<Fixture> {
  const target = objectStoreForTest(uniqueName('store_contract'));
  const location = parseDocumentStoreUrl(target.url);
  if (location.kind !== 's3') throw new Error('expected an s3 location');
  // 5 MiB parts: the large-document test crosses several, so it goes by multipart upload.
  const store = new DocumentStore(backendFor({ ...location, partSize: 5 * MiB }, target.credentials()));
  await store.init();
  const client = new S3Client({
    region: location.region,
    endpoint: location.endpoint,
    forcePathStyle: true,
    credentials: target.credentials(),
  });
  const leftovers = async () => {
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: location.bucket, Prefix: `${location.prefix}tmp/` }),
    );
    return (listed.Contents ?? []).map((o) => o.Key ?? '');
  };
  return { store, leftovers };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A body of `size` random bytes in 64 KiB chunks, failing with `error` after `failAfter` bytes. */
function body(bytes: Buffer, failAfter?: { bytes: number; error: Error }): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 64 * 1024) {
        if (failAfter && at >= failAfter.bytes) throw failAfter.error;
        yield bytes.subarray(at, at + 64 * 1024);
      }
    })(),
  );
}

describe.each([
  ['a local directory', localFixture],
  ['an S3 bucket (S3Proxy)', s3Fixture],
])('the document store on %s', (_name, make) => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await make();
  });

  it('addresses bytes by their SHA-256 and returns them intact, twice stored once', async () => {
    const bytes = Buffer.from(`Декларация ${randomBytes(8).toString('hex')}`, 'utf8');
    const first = await fixture.store.put(bytes);
    const again = await fixture.store.putStream(Readable.from([bytes]));
    expect(first).toEqual({ sha256: sha256(bytes), size: bytes.length });
    expect(again).toEqual(first);
    expect((await fixture.store.get(first.sha256)).equals(bytes)).toBe(true);
    expect(await fixture.store.has(first.sha256)).toBe(true);
    expect(await fixture.leftovers()).toEqual([]);
  });

  it('streams a large document in and out (by multipart upload on S3)', async () => {
    const bytes = randomBytes(12 * MiB + 123);
    const stored = await fixture.store.putStream(body(bytes));
    expect(stored).toEqual({ sha256: sha256(bytes), size: bytes.length });
    const read = await buffer(fixture.store.open(stored.sha256));
    expect(sha256(read)).toBe(stored.sha256);
    expect(await fixture.leftovers()).toEqual([]);
  });

  it('refuses a body past the limit and keeps nothing of it', async () => {
    const bytes = randomBytes(256 * 1024);
    await expect(fixture.store.putStream(body(bytes), 100 * 1024)).rejects.toBeInstanceOf(
      ObjectTooLargeError,
    );
    expect(await fixture.store.has(sha256(bytes))).toBe(false);
    expect(await fixture.leftovers()).toEqual([]);
  });

  it('passes on the error of a body that fails half-way and keeps nothing of it', async () => {
    const bytes = randomBytes(512 * 1024);
    const broken = new Error('client went away (fixture)');
    await expect(fixture.store.putStream(body(bytes, { bytes: 256 * 1024, error: broken }))).rejects.toBe(
      broken,
    );
    expect(await fixture.store.has(sha256(bytes))).toBe(false);
    expect(await fixture.leftovers()).toEqual([]);
  });

  it('answers a missing address with DocumentNotFoundError, read whole or streamed', async () => {
    const missing = sha256(randomBytes(16));
    expect(await fixture.store.has(missing)).toBe(false);
    await expect(fixture.store.get(missing)).rejects.toBeInstanceOf(DocumentNotFoundError);
    await expect(buffer(fixture.store.open(missing))).rejects.toBeInstanceOf(DocumentNotFoundError);
  });

  it('deletes an object, and deleting an absent one is not an error', async () => {
    const stored = await fixture.store.put(randomBytes(100));
    await fixture.store.delete(stored.sha256);
    expect(await fixture.store.has(stored.sha256)).toBe(false);
    await expect(fixture.store.delete(stored.sha256)).resolves.toBeUndefined();
  });

  it('lends a local file of an object to tools that need a path', async () => {
    const bytes = randomBytes(70 * 1024);
    const stored = await fixture.store.put(bytes);
    const read = await fixture.store.withLocalFile(stored.sha256, (path) => readFile(path));
    expect(read.equals(bytes)).toBe(true);
  });
});

describe('the S3 backend at start', () => {
  it('stops with the bucket named when it does not exist', async () => {
    const target = objectStoreForTest('absent');
    const location = parseDocumentStoreUrl(
      target.url.replace(`s3://${target.bucket}/`, 's3://tks-no-such-bucket/'),
    );
    const store = new DocumentStore(backendFor(location, target.credentials()));
    await expect(store.init()).rejects.toThrow('bucket tks-no-such-bucket at http://');
  });

  it('stops when the credential is wrong, without printing it', async () => {
    const target = objectStoreForTest('wrong');
    const store = new DocumentStore(
      backendFor(parseDocumentStoreUrl(target.url), {
        accessKeyId: 'tks-local',
        secretAccessKey: 'fixture-wrong',
      }),
    );
    const failure = store.init();
    await expect(failure).rejects.toThrow(/bucket .* cannot be reached/);
    await expect(failure).rejects.not.toThrow('fixture-wrong');
  });
});
