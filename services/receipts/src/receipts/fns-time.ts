/**
 * Dates and times as FNS regulated documents write them (ДД.ММ.ГГГГ, ЧЧ:ММ:СС). Every receipt is
 * written in UTC and says so (`СмещВрем="+00:00"`), so nobody has to guess the zone of a time.
 */
export const UTC_OFFSET = '+00:00';

const pad = (n: number) => String(n).padStart(2, '0');

/** `ГГГГММДД`, the date part of FNS file names. */
export const compactDate = (d: Date): string =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;

/** `ДД.ММ.ГГГГ`. */
export const dottedDate = (d: Date): string =>
  `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;

/** `ЧЧ:ММ:СС`. */
export const clockTime = (d: Date): string =>
  `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
