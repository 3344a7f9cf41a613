import { execFileSync } from 'node:child_process';

import { isProcessAlive } from '../process/process-control';

/** The pids of every live descendant of `rootPid` (children, theirs, ...), detached ones included. */
export function descendantPids(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The pids of the list that still run. */
export function alivePids(pids: number[]): number[] {
  return pids.filter((pid) => pid > 1 && isProcessAlive(pid));
}

/** SIGKILLs each pid of the list that still runs (test clean-up); never a group, never pid 0 or 1. */
export function killPids(pids: number[]): void {
  for (const pid of alivePids(pids)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

/** Polls `condition` until it holds, failing with `what` after the timeout. */
export async function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
