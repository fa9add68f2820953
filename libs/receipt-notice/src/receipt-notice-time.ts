/**
 * `ДД.ММ.ГГГГ` and `ЧЧ.ММ.СС` in Moscow time, as the FNS documents write dates and times (the
 * formats have no zone field; Moscow keeps UTC+3 all year since 2014). The receipts service has
 * the same rule for the documents it issues; a lib may not import a service, hence this copy.
 */
const MOSCOW_OFFSET_MS = 3 * 3600 * 1000;
const pad = (n: number) => String(n).padStart(2, '0');
const moscow = (d: Date): Date => new Date(d.getTime() + MOSCOW_OFFSET_MS);

export const dottedDate = (d: Date): string => {
  const m = moscow(d);
  return `${pad(m.getUTCDate())}.${pad(m.getUTCMonth() + 1)}.${m.getUTCFullYear()}`;
};

export const dottedTime = (d: Date): string => {
  const m = moscow(d);
  return `${pad(m.getUTCHours())}.${pad(m.getUTCMinutes())}.${pad(m.getUTCSeconds())}`;
};
