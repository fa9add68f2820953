import { isStorageFull } from './storage-full';

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('a full document store', () => {
  it('is told by the errors a full disk or quota gives, also when wrapped', () => {
    expect(isStorageFull(errno('ENOSPC'))).toBe(true);
    expect(isStorageFull(errno('EDQUOT'))).toBe(true);
    expect(isStorageFull(new Error('sealing failed', { cause: errno('ENOSPC') }))).toBe(true);
  });

  it('is not told by other failures', () => {
    expect(isStorageFull(errno('EACCES'))).toBe(false);
    expect(isStorageFull(new Error('ENOSPC in a message, no code'))).toBe(false);
    expect(isStorageFull(undefined)).toBe(false);
    expect(isStorageFull('ENOSPC')).toBe(false);
  });
});
