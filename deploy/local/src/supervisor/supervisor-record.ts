import { setTimeout as sleep } from 'node:timers/promises';

import { SandboxConfig } from '../config/sandbox-config';
import { isOurProcess, isProcessAlive } from '../process/process-control';
import { readState, SandboxState, SupervisorRecord, updateState } from './sandbox-state';

/**
 * How long a supervisor gets to stop its children after SIGTERM: the services' 10 s, then Kafka's 30 s
 * (PostgreSQL's 20 s run alongside), plus a margin.
 */
export const SUPERVISOR_STOP_TIMEOUT_MS = 50_000;

/** What the supervisor's command line contains however it was started (npm start, a relative or absolute path). */
export const SUPERVISOR_MARKER = 'cli.js start';

/** The recorded supervisor, when it still runs. */
export function liveSupervisor(state: SandboxState): SupervisorRecord | undefined {
  const record = state.supervisor;
  return record && record.pid !== process.pid && isOurProcess(record.pid, record.marker) ? record : undefined;
}

/** Records this process as the data dir's supervisor. */
export function recordSupervisor(config: SandboxConfig, marker: string): void {
  updateState(config.dataDir, (state) => {
    state.supervisor = { pid: process.pid, marker };
    // Restart counts describe one supervisor's run.
    delete state.restarts;
  });
}

/** Forgets the supervisor `pid` (not a newer one that took over the data dir). */
export function forgetSupervisor(config: SandboxConfig, pid: number): void {
  updateState(config.dataDir, (state) => {
    if (state.supervisor?.pid === pid) delete state.supervisor;
  });
}

/**
 * Ends a running supervisor: SIGTERM, which makes it stop what it started, then SIGKILL after the
 * timeout (its watchdog then stops the rest). Returns whether one was running.
 */
export async function stopRecordedSupervisor(
  config: SandboxConfig,
  log: (line: string) => void,
  timeoutMs = SUPERVISOR_STOP_TIMEOUT_MS,
): Promise<boolean> {
  const record = liveSupervisor(readState(config.dataDir));
  if (!record) return false;
  log(`Stopping the supervisor (pid ${record.pid}) and what it started...`);
  // The pid alone, not its group: the group may be the terminal's job (npm and the shell).
  process.kill(record.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(record.pid) && Date.now() < deadline) await sleep(200);
  if (isProcessAlive(record.pid)) {
    process.kill(record.pid, 'SIGKILL');
    for (let i = 0; i < 50 && isProcessAlive(record.pid); i++) await sleep(100);
  }
  forgetSupervisor(config, record.pid);
  return true;
}
