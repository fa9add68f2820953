/**
 * Waiting in tests: every wait has a deadline and, when it passes, fails with a message that
 * says what did not happen, so a hung test names its cause instead of running into Jest's limit.
 */

const pollIntervalMs = 250;

/** Polls `check` until it returns true; fails after `timeoutMs` naming `what` was awaited. */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}

/** Resolves as `promise` does, or fails after `timeoutMs` naming `what` was awaited. */
export async function withDeadline<T>(what: string, promise: Promise<T>, timeoutMs = 90_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
