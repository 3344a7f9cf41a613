/** An exponential backoff: the first delay, doubling with each failure, never above the cap. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/**
 * The delay before retry `failures` (0-based: 0 is the first retry): initialMs * 2^failures, capped at
 * maxMs. The project's one backoff rule, for the consumer's retries, the outbox relay and the supervisor.
 */
export function backoffDelayMs(failures: number, backoff: Backoff): number {
  // Past 2^30 the product only overflows toward Infinity; the cap has long been reached.
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(Math.max(failures, 0), 30));
}
