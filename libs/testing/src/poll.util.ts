/** How long to poll, and how often. */
export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns something other than undefined, and returns that; returns undefined
 * once `timeoutMs` (default 30 s) has passed. The tests' one polling loop: never a fixed sleep.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: PollOptions = {},
): Promise<T | undefined> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/** pollUntil that throws `timed out after N ms waiting for <what>` instead of returning undefined. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: PollOptions = {},
): Promise<T> {
  const value = await pollUntil(probe, options);
  if (value === undefined)
    throw new Error(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${what}`);
  return value;
}
