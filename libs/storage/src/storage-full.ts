/**
 * The store's disk (or quota) is full. Unlike other failures this says nothing about the request
 * or message at hand: an upload may be sent again once space is freed, and a consumer waits
 * rather than spending the attempts that would send a sound message to the dead letters.
 */
export function isStorageFull(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Object && depth < 5; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
