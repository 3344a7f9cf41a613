import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Same folder as the target, so the rename stays on one file system and is atomic.
function temporaryPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes a secret file atomically: a new temporary file created with mode 0600 (never readable by
 * others, not even while being written), flushed, then renamed over `path`. Readers see the old file
 * or the whole new one, and a symlink at `path` is replaced, not written through.
 */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  const temporary = temporaryPathOf(path);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, 'wx', 0o600);
    // The creation mode passes through the umask; this makes it exactly 0600.
    await handle.chmod(0o600);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** writePrivateFile for synchronous callers (start-up code). */
export function writePrivateFileSync(path: string, content: string): void {
  const temporary = temporaryPathOf(path);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', 0o600);
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
}
