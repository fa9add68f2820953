/** The registry's notion of now, injected so tests can move time (expiry warnings, grace periods). */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
