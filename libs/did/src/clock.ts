/** A source of the current time, injectable so tests can move time without sleeping. */
export interface Clock {
  now(): Date;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => new Date() };
