import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** What is awaited, for the timeout message ("Kafka on 127.0.0.1:9092 to answer"). */
  description: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Checked before each attempt; a returned message aborts the wait at once (e.g. the process died). */
  abortIf?: () => string | undefined;
}

/** Polls `probe` until it returns true, throwing after the timeout with the last probe error. */
export async function waitFor(probe: () => Promise<boolean>, options: WaitForOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const abortReason = options.abortIf?.();
    if (abortReason) throw new Error(`Gave up waiting for ${options.description}: ${abortReason}`);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(
        `Timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.description}${detail}`,
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}
