import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SpawnDetachedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr go here. */
  logFile: string;
  /** 'a' keeps earlier runs' lines (Kafka, Postgres); 'w' starts the file afresh (services). */
  logFlags?: 'a' | 'w';
  uid?: number;
  gid?: number;
}

export interface DetachedProcess {
  pid: number;
  /** Set once the process has exited while this Node process was watching it. */
  exited: () => boolean;
  exitDescription: () => string | undefined;
}

/**
 * Starts a process in its own process group with its output in a log file, so that it outlives the
 * CLI (`infra start`) and a Ctrl-C on the terminal reaches only the CLI, which then stops it in order.
 */
export function spawnDetached(
  command: string,
  args: string[],
  options: SpawnDetachedOptions,
): DetachedProcess {
  const fd = openSync(options.logFile, options.logFlags ?? 'a');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', fd, fd],
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid }),
    });
    let exit: string | undefined;
    child.on('error', (error) => {
      exit = `could not start ${command}: ${error.message}`;
    });
    child.on('exit', (code, signal) => {
      exit = signal ? `exited on signal ${signal}` : `exited with code ${code}`;
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`Could not start ${command}`);
    return { pid: child.pid, exited: () => exit !== undefined, exitDescription: () => exit };
  } finally {
    closeSync(fd);
  }
}

/** True when a process with this pid exists and is not a zombie. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM means it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A zombie still answers kill(0); in containers whose init does not reap, it would never go away.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * True when the pid is alive and its command line contains `marker`, so that a pid recorded by an
 * earlier run and since reused by an unrelated process is never signalled.
 */
export function isOurProcess(pid: number, marker: string): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(marker);
  } catch {
    // No /proc (macOS): fall back to trusting the recorded pid.
    return true;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** SIGKILLs whatever is left of a process group (a no-op when it is empty). */
export function killProcessGroup(pid: number): void {
  // kill(-1) would signal every process we may signal, and -0 our own group: never a real child's pid.
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Nothing left.
  }
}

export interface StopProcessOptions {
  /** The polite signal: SIGTERM for Kafka and services, SIGINT (fast shutdown) for Postgres. */
  signal?: NodeJS.Signals;
  timeoutMs?: number;
}

/** Sends the polite signal to the process group, waits, then SIGKILLs it. Returns how it ended. */
export async function stopProcess(
  pid: number,
  options: StopProcessOptions = {},
): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!isProcessAlive(pid)) return 'not-running';
  signalGroup(pid, options.signal ?? 'SIGTERM');
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return 'stopped';
    await sleep(100);
  }
  signalGroup(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isProcessAlive(pid); i++) await sleep(100);
  return 'killed';
}

/** The last `lines` lines of a text file, or a note that it cannot be read. */
export function tailFile(path: string, lines = 30): string {
  try {
    const text = readFileSync(path, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch (error) {
    return `(cannot read ${path}: ${(error as Error).message})`;
  }
}

/** An error whose message ends with the log file's path and its last lines. */
export function errorWithLog(message: string, logFile: string, lines = 30): Error {
  return new Error(`${message}\nLog file: ${logFile}\n--- last lines ---\n${tailFile(logFile, lines)}\n---`);
}
