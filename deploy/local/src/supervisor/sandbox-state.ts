import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A process the sandbox started, as recorded for a later `stop` or `status`. */
export interface ProcessRecord {
  pid: number;
  /** A string its command line contains, checked before signalling a recorded pid. */
  marker: string;
  port: number;
  logFile: string;
  /** Who started it: `infra start` (kept when a foreground `start` ends) or a foreground `start`. */
  owner: ProcessOwner;
}

export type ProcessOwner = 'infra' | 'sandbox';

/** The foreground `start` that watches and restarts the processes it started. */
export interface SupervisorRecord {
  pid: number;
  /** A string its command line contains (the CLI script's path). */
  marker: string;
}

/** How often the supervisor restarted a component, and why it last had to. */
export interface RestartRecord {
  count: number;
  lastExit: string;
}

export interface SandboxState {
  supervisor?: SupervisorRecord;
  kafka?: ProcessRecord & { controllerPort: number };
  postgres?: ProcessRecord & { url: string };
  services: Record<string, ProcessRecord>;
  /** By component name (kafka, postgres, a service name); cleared by each start. */
  restarts?: Record<string, RestartRecord>;
}

/** Where a data dir's state lives. */
export function statePath(dataDir: string): string {
  return join(dataDir, 'state.json');
}

/** The recorded state, or an empty one when there is none (or it is unreadable). */
export function readState(dataDir: string): SandboxState {
  const file = statePath(dataDir);
  if (!existsSync(file)) return { services: {} };
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
    return { ...state, services: state.services ?? {} };
  } catch {
    return { services: {} };
  }
}

/** Writes the state atomically (a crash never leaves half a file). */
export function writeState(dataDir: string, state: SandboxState): void {
  mkdirSync(dataDir, { recursive: true });
  const file = statePath(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Reads, changes and writes the state in one step. */
export function updateState(dataDir: string, change: (state: SandboxState) => void): SandboxState {
  const state = readState(dataDir);
  change(state);
  writeState(dataDir, state);
  return state;
}
