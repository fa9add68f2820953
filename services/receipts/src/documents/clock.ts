/**
 * The one source of time of the receipts service: every date in a receipt, its signing time and the
 * recorded issue time come from it, so they agree and tests can fix them.
 */
export type Clock = () => Date;
export const CLOCK = Symbol('CLOCK');
export const systemClock: Clock = () => new Date();
