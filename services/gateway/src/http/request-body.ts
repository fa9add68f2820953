import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';

/**
 * Pipes a request's body into `into` (on its way to the store). Not `pipeline`: when the store
 * fails (a full disk), pipeline destroys the request and with it the socket, and the client sees
 * its connection cut instead of the 507 it should get; here the rest of the body is read and
 * dropped, so the answer reaches it. A client that goes away mid-upload still fails the store's
 * write instead of leaving it waiting.
 */
export function requestBodyInto<T extends Duplex>(req: IncomingMessage, into: T): T {
  into.once('error', () => {
    req.unpipe(into);
    req.resume();
  });
  req.once('close', () => {
    if (!req.complete) into.destroy(new Error('the client went away mid-upload'));
  });
  return req.pipe(into);
}
