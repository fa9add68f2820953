import {
  formatCompactDate,
  formatDottedDate,
  formatIsoDate,
  parseCompactDate,
  parseDottedDate,
} from './calendar-date';

describe('calendar dates', () => {
  it('parses and formats YYYYMMDD and DD.MM.YYYY', () => {
    const compact = parseCompactDate('20240605');
    expect(compact).toEqual({ ok: true, value: { year: 2024, month: 6, day: 5 } });
    const dotted = parseDottedDate('05.06.2024');
    expect(dotted).toEqual(compact);
    if (!dotted.ok) throw new Error('unreachable');
    expect(formatCompactDate(dotted.value)).toBe('20240605');
    expect(formatDottedDate(dotted.value)).toBe('05.06.2024');
    expect(formatIsoDate(dotted.value)).toBe('2024-06-05');
  });

  it('accepts 29 February of a leap year only', () => {
    expect(parseCompactDate('20240229').ok).toBe(true);
    expect(parseCompactDate('20230229')).toMatchObject({ ok: false, error: { code: 'TKS-DATE-FORMAT' } });
    expect(parseCompactDate('19000229').ok).toBe(false);
    expect(parseCompactDate('20000229').ok).toBe(true);
  });

  it.each(['20241301', '20240631', '20240600', '00000101', '2024065', '2024-06-05'])(
    'refuses "%s" as YYYYMMDD',
    (value) => {
      expect(parseCompactDate(value)).toMatchObject({ ok: false, error: { code: 'TKS-DATE-FORMAT' } });
    },
  );

  it.each(['5.06.2024', '31.04.2024', '05-06-2024', '2024.06.05'])('refuses "%s" as DD.MM.YYYY', (value) => {
    expect(parseDottedDate(value)).toMatchObject({ ok: false, error: { code: 'TKS-DATE-FORMAT' } });
  });
});
