import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findRepoRoot } from './config/repo-root.util';
import { findFreePort } from './process/port-check.util';
import { isProcessAlive } from './process/process-control';
import { readState } from './supervisor/sandbox-state';

const repoRoot = findRepoRoot(__dirname);
const cli = join(repoRoot, 'dist', 'deploy', 'local', 'src', 'cli.js');

// The CLI as `npm start` runs it, with Kafka and PostgreSQL of its own (not the test run's).
describe('sandbox CLI: Ctrl-C', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'a-cli-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops Kafka and PostgreSQL even when one Ctrl-C arrives several times (process group + forwarding)', async () => {
    expect(existsSync(cli)).toBe(true);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SANDBOX_DATA_DIR: dataDir,
      SANDBOX_KAFKA_PORT: String(await findFreePort()),
      SANDBOX_KAFKA_CONTROLLER_PORT: String(await findFreePort()),
      SANDBOX_POSTGRES_PORT: String(await findFreePort()),
    };
    delete env.KAFKA_BROKERS;
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [cli, 'start', '--infra-only'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const deadline = Date.now() + 90_000;
    while (!output.includes('Press Ctrl-C to stop') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(output).toContain('Press Ctrl-C to stop');
    const state = readState(dataDir);
    const pids = [state.kafka?.pid, state.postgres?.pid];
    expect(pids.every((pid) => typeof pid === 'number' && isProcessAlive(pid))).toBe(true);

    // What a terminal's Ctrl-C under `npm start` amounts to: the terminal's SIGINT, then the same signal
    // forwarded by the parent a moment later (two signals sent at once would merge into one).
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    await exited;

    expect(output).toContain('Stopped.');
    expect(pids.filter((pid) => isProcessAlive(pid as number))).toEqual([]);
  }, 150_000);
});
