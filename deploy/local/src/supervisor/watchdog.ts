import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Starts the watchdog (watchdog.cli.ts) that stops this supervisor's processes if it dies without doing
 * so. The pipe's write end stays open, unused, for as long as this process lives; spawn marks it
 * close-on-exec, so no other child holds it open after we are gone.
 */
export function startWatchdog(dataDir: string, logDir: string): number {
  mkdirSync(logDir, { recursive: true });
  const fd = openSync(join(logDir, 'watchdog.log'), 'a');
  try {
    const child = spawn(
      process.execPath,
      [join(__dirname, 'watchdog.cli.js'), String(process.pid), dataDir],
      {
        detached: true,
        stdio: ['pipe', fd, fd],
      },
    );
    child.unref();
    if (child.pid === undefined) throw new Error('Could not start the supervisor watchdog');
    return child.pid;
  } finally {
    closeSync(fd);
  }
}
