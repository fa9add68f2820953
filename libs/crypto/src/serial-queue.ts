/**
 * Runs asynchronous tasks one at a time, in call order. A PKCS#11 session runs one operation at a time
 * (a second C_SignInit while a C_Sign is in flight fails with CKR_OPERATION_ACTIVE, and the standard
 * forbids using one session from two threads), while node-webcrypto-p11 runs C_Sign on libuv's
 * thread pool: so every use of the token's session goes through one queue.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task must not stop the ones queued behind it.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
