import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { digestStream, isContentDigest } from './content-digest';

describe('digestStream', () => {
  it('hashes a stream chunk by chunk to the digest of the whole content', async () => {
    const content = Buffer.alloc(200_000, 'А');
    const digest = await digestStream(Readable.from([content.subarray(0, 65_536), content.subarray(65_536)]));
    expect(digest.hash).toBe('SHA-256');
    expect(Buffer.from(digest.digest)).toEqual(createHash('sha256').update(content).digest());
    expect(isContentDigest(digest)).toBe(true);
    expect(isContentDigest(content)).toBe(false);
  });
});
