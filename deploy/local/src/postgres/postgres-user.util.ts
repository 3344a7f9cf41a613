import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface PosixIds {
  uid: number;
  gid: number;
}

function idOf(flag: '-u' | '-g', user: string): number | undefined {
  const result = spawnSync('id', [flag, user], { encoding: 'utf8' });
  const id = Number(result.stdout.trim());
  return result.status === 0 && Number.isInteger(id) ? id : undefined;
}

/**
 * The ids to run PostgreSQL as. initdb and postgres refuse to run as root, so as root (containers, CI)
 * they run as the `postgres` system user; as anyone else they run as that user (undefined here).
 */
export function postgresRunAs(user = 'postgres'): PosixIds | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = idOf('-u', user);
  const gid = idOf('-g', user);
  if (uid === undefined || gid === undefined) {
    throw new Error(
      `PostgreSQL refuses to run as root, and there is no "${user}" system user to run it as. ` +
        `Run as a normal user, create a system user (useradd --system --user-group ${user}), or set DATABASE_URL to an existing server.`,
    );
  }
  return { uid, gid };
}

/** The first existing folder above `path` that a user with these ids may not enter (no x bit for them), if any. */
export function canTraverse(
  path: string,
  ids: PosixIds,
  fs: { exists: (p: string) => boolean; stat: (p: string) => { mode: number; uid: number; gid: number } } = {
    exists: existsSync,
    stat: statSync,
  },
): string | undefined {
  let dir = dirname(path);
  const blocking: string[] = [];
  for (;;) {
    if (fs.exists(dir)) {
      const info = fs.stat(dir);
      const bit = info.uid === ids.uid ? 0o100 : info.gid === ids.gid ? 0o010 : 0o001;
      if ((info.mode & bit) === 0) blocking.push(dir);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return blocking[0];
}
