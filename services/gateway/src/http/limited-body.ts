import { Transform, TransformCallback } from 'node:stream';

/**
 * Passes a request body through up to `limit` bytes and swallows the rest, so the body is read to
 * its end and the client can read the 413 problem. (Failing the stream instead would destroy the
 * request, and a client still uploading would see a reset connection, not the answer.)
 */
export class LimitedBody extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  get exceeded(): boolean {
    return this.seen > this.limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const before = this.seen;
    this.seen += chunk.length;
    if (before >= this.limit) return done();
    done(null, this.seen > this.limit ? chunk.subarray(0, this.limit - before) : chunk);
  }
}
