import { domainError } from './errors';
import { fail, ok, type Result } from './result';

/**
 * A date without time or zone, as FNS formats write it: `GGGGMMDD` in file identifiers and
 * `ДД.ММ.ГГГГ` in document attributes such as `ДатаДок`.
 */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DOTTED = /^(\d{2})\.(\d{2})\.(\d{4})$/;

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids daylight-saving surprises.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(year: number, month: number, day: number, input: string): Result<CalendarDate> {
  if (!isCalendarDate(year, month, day)) {
    return fail(domainError('TKS-DATE-FORMAT', `"${input}" is not a calendar date`, { value: input }));
  }
  return ok({ year, month, day });
}

/** Parses `GGGGMMDD`, the date part of `ИдФайл`. */
export function parseCompactDate(input: string): Result<CalendarDate> {
  const m = COMPACT.exec(input);
  if (m === null) {
    return fail(
      domainError('TKS-DATE-FORMAT', `"${input}" is not a date in the form YYYYMMDD`, { value: input }),
    );
  }
  return build(Number(m[1]), Number(m[2]), Number(m[3]), input);
}

/** Parses `ДД.ММ.ГГГГ`, the date type of FNS XSDs (`ДатаДок` and the like). */
export function parseDottedDate(input: string): Result<CalendarDate> {
  const m = DOTTED.exec(input);
  if (m === null) {
    return fail(
      domainError('TKS-DATE-FORMAT', `"${input}" is not a date in the form DD.MM.YYYY`, { value: input }),
    );
  }
  return build(Number(m[3]), Number(m[2]), Number(m[1]), input);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function formatCompactDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}${pad(date.month, 2)}${pad(date.day, 2)}`;
}

export function formatDottedDate(date: CalendarDate): string {
  return `${pad(date.day, 2)}.${pad(date.month, 2)}.${pad(date.year, 4)}`;
}

/** ISO 8601 `YYYY-MM-DD`, for JSON and logs. */
export function formatIsoDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
