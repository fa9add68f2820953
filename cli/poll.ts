/**
 * Reads until `done` holds. On time-out the error names what was awaited and the last value
 * read, so a caller (or a test) learns where the docflow stood instead of a bare time-out.
 */
export async function poll<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what = 'the awaited state',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      const last = JSON.stringify(value) ?? String(value);
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last read: ${last.slice(0, 500)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
