import { daysLeft, dueExpiryWarnings, usableAfterReissue } from './certificate-lifecycle';

const at = new Date('2025-06-01T12:00:00Z');
const plus = (d: number) => new Date(at.getTime() + d * 24 * 3600 * 1000);

describe('usableAfterReissue (the five-day rule)', () => {
  it('keeps the old certificate to its end when more than five days are left', () => {
    expect(usableAfterReissue(plus(5.01), at)).toEqual(plus(5.01));
    expect(usableAfterReissue(plus(200), at)).toEqual(plus(200));
  });

  it('stops the old certificate at once with five days or fewer left', () => {
    expect(usableAfterReissue(plus(5), at)).toEqual(at);
    expect(usableAfterReissue(plus(1), at)).toEqual(at);
  });
});

describe('dueExpiryWarnings', () => {
  const thresholds = [30, 14, 5];

  it('warns at each threshold once, largest first', () => {
    expect(dueExpiryWarnings(plus(40), at, thresholds, [])).toEqual([]);
    expect(dueExpiryWarnings(plus(30), at, thresholds, [])).toEqual([30]);
    expect(dueExpiryWarnings(plus(10), at, thresholds, [])).toEqual([30, 14]);
    expect(dueExpiryWarnings(plus(10), at, thresholds, [30])).toEqual([14]);
    expect(dueExpiryWarnings(plus(4.2), at, thresholds, [30, 14])).toEqual([5]);
  });

  it('sends nothing for an expired certificate', () => {
    expect(dueExpiryWarnings(plus(-1), at, thresholds, [])).toEqual([]);
    expect(daysLeft(plus(4.2), at)).toBe(5);
  });
});
