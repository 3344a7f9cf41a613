import { setTimeout as sleep } from 'node:timers/promises';

import { backoffDelayMs } from '@dpi/did';

import { killProcessGroup } from '../process/process-control';

/** A running child of the supervisor. */
export interface KeptProcess {
  pid: number;
  /** Why it exited, once it has. */
  exitDescription(): string | undefined;
}

/** A component the supervisor keeps running: Kafka, PostgreSQL or a service. */
export interface KeepAliveTarget {
  name: string;
  current: KeptProcess;
  /** Starts it again and waits until it is ready (recording the new pid); throws when it cannot. */
  restart(): Promise<KeptProcess>;
}

export interface KeepAliveOptions {
  log: (line: string) => void;
  /** Called once per exit, before the restart is scheduled (to record it for `status`). */
  onExit?: (name: string, exit: string) => void;
  checkIntervalMs?: number;
  /** The first restart delay; it doubles after each quick failure, up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A process that ran this long counts as healthy again: the next delay starts over. */
  stableAfterMs?: number;
  /** Clears what an exited process left behind; by default SIGKILLs the rest of its process group. */
  cleanUp?: (pid: number) => void;
}

export interface KeepAlive {
  /** Stops watching; restarts under way are abandoned at their next step. */
  cancel(): void;
  /** Settles once every watch loop has ended (after cancel). */
  settled(): Promise<void>;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/**
 * Watches each target and restarts it with exponential backoff when it exits, forever: a sandbox that
 * quietly lost a service (or its broker) while the supervisor waits is worse than one that retries.
 */
export function keepAlive(targets: KeepAliveTarget[], options: KeepAliveOptions): KeepAlive {
  const controller = new AbortController();
  const { signal } = controller;
  const interval = options.checkIntervalMs ?? 500;
  const initial = options.initialDelayMs ?? 1_000;
  const max = options.maxDelayMs ?? 30_000;
  const stableAfter = options.stableAfterMs ?? 60_000;

  // Resolves false when cancelled instead of rejecting, so loops read as plain control flow.
  const wait = (ms: number) =>
    // Unreferenced: watching alone never keeps a process (a test run) alive.
    sleep(ms, undefined, { signal, ref: false }).then(
      () => !signal.aborted,
      () => false,
    );

  const watch = async (target: KeepAliveTarget) => {
    let current = target.current;
    let startedAt = Date.now();
    let failures = 0;
    while (await wait(interval)) {
      const exit = current.exitDescription();
      if (!exit) continue;
      if (Date.now() - startedAt >= stableAfter) failures = 0;
      options.onExit?.(target.name, exit);
      // What the process left in its group (PostgreSQL's backends) would hold its port or memory.
      (options.cleanUp ?? killProcessGroup)(current.pid);
      for (;;) {
        const delay = backoffDelayMs(failures++, { initialMs: initial, maxMs: max });
        options.log(`${target.name} ${exit}; restarting it in ${(delay / 1000).toFixed(0)} s`);
        if (!(await wait(delay))) return;
        try {
          current = await target.restart();
          startedAt = Date.now();
          options.log(`${target.name} restarted (pid ${current.pid})`);
          break;
        } catch (error) {
          if (signal.aborted) return;
          options.log(`${target.name} did not restart: ${firstLine(error)}`);
        }
      }
    }
  };

  const loops = targets.map((target) => watch(target));
  return {
    cancel: () => controller.abort(),
    settled: () => Promise.all(loops).then(() => undefined),
  };
}
