import { createHash } from 'node:crypto';
import {
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { canTraverse, PosixIds } from './postgres-user.util';

/** Where PostgreSQL's binaries and data folder are actually used from. */
export interface PostgresLayout {
  /** The folder holding `initdb` and `postgres`. */
  binDir: string;
  /** The cluster folder handed to initdb and postgres (-D). */
  dataDir: string;
  /** Set when the data folder moved: the folder the postgres user could not enter. */
  relocatedBecause?: string;
}

/**
 * Root's private folders (mode 0700, as /root is) are closed to the unprivileged user PostgreSQL runs
 * as, so a clone inside one cannot run the binaries from node_modules nor keep the cluster under
 * .sandbox/. Both then live below this folder, which that user can reach: /var/tmp survives reboots
 * where the system has it.
 */
export function reachableRunDir(): string {
  return join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'dpi-sandbox-postgres');
}

/** Creates the run dir (root-owned, 0755), refusing one that someone else could have prepared. */
function ensureRunDir(runDir: string, ids: PosixIds): void {
  mkdirSync(runDir, { recursive: true, mode: 0o755 });
  const info = lstatSync(runDir);
  // Others may write to /tmp: a folder planted there by another user must not receive our cluster.
  if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0) {
    throw new Error(
      `${runDir} is not a folder owned by root and writable by root only; remove it and start again, ` +
        'or move the repository to a folder the "postgres" user can enter (e.g. /srv or /opt).',
    );
  }
  const blocked = canTraverse(join(runDir, 'x'), ids);
  if (blocked) {
    throw new Error(
      `PostgreSQL runs as the "postgres" user here (we are root), which cannot enter ${blocked}. ` +
        'Open that folder to others (chmod o+x) or move the repository to a folder that user can enter.',
    );
  }
}

/** A copy of the native tree (bin, lib, share) below the run dir, keyed by the postgres binary's content. */
function copyBinaries(binDir: string, runDir: string): string {
  const digest = createHash('sha256')
    .update(readFileSync(join(binDir, 'postgres')))
    .digest('hex')
    .slice(0, 16);
  const target = join(runDir, `native-${digest}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return join(target, 'bin');
  // Copied next to the target, then renamed: a copy cut short never passes for a complete one.
  const partial = `${target}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(dirname(binDir), partial, { recursive: true, verbatimSymlinks: true });
  try {
    renameSync(partial, target);
  } catch (error) {
    // Another start copied it first.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
  }
  return join(target, 'bin');
}

/** The folder a blocked data dir moves to: one per configured path, so a restart finds its cluster again. */
export function relocatedDataDir(dataDir: string, runDir = reachableRunDir()): string {
  const digest = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  return join(runDir, `data-${digest}`);
}

/**
 * Leaves a symbolic link at the configured path pointing at the relocated cluster, so that people find
 * it and a wipe of the sandbox data (removePostgresData) removes it too.
 */
function linkConfiguredPath(dataDir: string, target: string): void {
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(dataDir);
  } catch {
    existing = undefined;
  }
  if (existing?.isSymbolicLink() && readlinkSync(dataDir) === target) return;
  if (existing?.isDirectory() && readdirSync(dataDir).length === 0) rmSync(dataDir, { recursive: true });
  else if (existing?.isSymbolicLink()) rmSync(dataDir);
  else if (existing) {
    throw new Error(
      `${dataDir} holds files, but PostgreSQL (running as the "postgres" user) cannot reach it there; ` +
        'remove it or start with --reset.',
    );
  }
  mkdirSync(dirname(dataDir), { recursive: true });
  symlinkSync(target, dataDir);
}

/**
 * Where to run PostgreSQL from. Unchanged unless we are root (ids given) and the postgres user cannot
 * enter a folder above the binaries or the data dir: then the binaries are copied, and the cluster
 * kept, below reachableRunDir().
 */
export function resolvePostgresLayout(
  binDir: string,
  dataDir: string,
  ids: PosixIds | undefined,
  runDir = reachableRunDir(),
): PostgresLayout {
  if (!ids) return { binDir, dataDir };
  const binBlocked = canTraverse(join(binDir, 'postgres'), ids);
  const dataBlocked = canTraverse(dataDir, ids);
  if (!binBlocked && !dataBlocked) return { binDir, dataDir };
  ensureRunDir(runDir, ids);
  const layout: PostgresLayout = { binDir: binBlocked ? copyBinaries(binDir, runDir) : binDir, dataDir };
  if (dataBlocked) {
    const target = relocatedDataDir(dataDir, runDir);
    mkdirSync(target, { recursive: true, mode: 0o700 });
    chownSync(target, ids.uid, ids.gid);
    linkConfiguredPath(dataDir, target);
    layout.dataDir = target;
    layout.relocatedBecause = dataBlocked;
  }
  return layout;
}

/** Removes a cluster folder, and the relocated cluster it links to (see resolvePostgresLayout). */
export function removePostgresData(dataDir: string, runDir = reachableRunDir()): void {
  try {
    if (lstatSync(dataDir).isSymbolicLink()) {
      const target = readlinkSync(dataDir);
      // Only a folder we relocated ourselves, never wherever a hand-made link points.
      if (target === relocatedDataDir(dataDir, runDir)) rmSync(target, { recursive: true, force: true });
    }
  } catch {
    // Nothing there.
  }
  rmSync(dataDir, { recursive: true, force: true });
}
