/**
 * Dates and times as FNS regulated documents write them: `ДД.ММ.ГГГГ` and `ЧЧ.ММ.СС` (ДатаТип
 * and ВремяТип of the official answer schemas, with dots). The formats have no zone field; the
 * tax service's documents state Moscow time, so every answer is written in UTC+3 (Moscow keeps
 * no daylight saving time since 2014).
 */
const MOSCOW_OFFSET_MS = 3 * 3600 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');
const moscow = (d: Date): Date => new Date(d.getTime() + MOSCOW_OFFSET_MS);

/** `ГГГГММДД`, the date part of FNS file names. */
export const compactDate = (d: Date): string => {
  const m = moscow(d);
  return `${m.getUTCFullYear()}${pad(m.getUTCMonth() + 1)}${pad(m.getUTCDate())}`;
};

/** `ДД.ММ.ГГГГ`. */
export const dottedDate = (d: Date): string => {
  const m = moscow(d);
  return `${pad(m.getUTCDate())}.${pad(m.getUTCMonth() + 1)}.${m.getUTCFullYear()}`;
};

/** `ЧЧ.ММ.СС`. */
export const dottedTime = (d: Date): string => {
  const m = moscow(d);
  return `${pad(m.getUTCHours())}.${pad(m.getUTCMinutes())}.${pad(m.getUTCSeconds())}`;
};
