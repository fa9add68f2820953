import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requestBodyInto } from './request-body';

/** A request whose body the test pushes piece by piece, as a slow client sends it. */
function request(): IncomingMessage {
  return new IncomingMessage(new Socket());
}

/** A store that fails with ENOSPC after its first chunk. */
function fullStore(): Writable {
  let written = 0;
  return new Writable({
    write(_chunk, _encoding, done) {
      written++;
      if (written > 1)
        done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      else done();
    },
  });
}

describe("a request's body on its way to the store", () => {
  it('is read to its end, not destroyed, when the store fails, so the client gets the answer', async () => {
    const req = request();
    const body = new PassThrough();
    const stored = pipeline(requestBodyInto(req, body), fullStore());
    for (let i = 0; i < 5; i++) req.push(Buffer.alloc(1024, i));
    await expect(stored).rejects.toMatchObject({ code: 'ENOSPC' });
    for (let i = 0; i < 5; i++) req.push(Buffer.alloc(1024, i));
    req.complete = true;
    req.push(null);
    await new Promise((resolve) => req.once('close', resolve));
    // Destroyed early (the socket cut), it would close without having ended.
    expect(req.readableEnded).toBe(true);
    expect(req.errored).toBeNull();
  });

  it("fails the store's write when the client goes away mid-upload", async () => {
    const req = request();
    const body = new PassThrough();
    const stored = pipeline(requestBodyInto(req, body), new PassThrough().resume());
    req.push(Buffer.alloc(1024));
    req.destroy();
    await expect(stored).rejects.toThrow('the client went away mid-upload');
  });
});
