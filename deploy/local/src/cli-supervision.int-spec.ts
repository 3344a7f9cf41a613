import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findRepoRoot } from './config/repo-root.util';
import { loadSandboxConfig, SandboxConfig } from './config/sandbox-config';
import { findFreePort, isPortFree } from './process/port-check.util';
import { isProcessAlive } from './process/process-control';
import { ComponentStatus } from './supervisor/infra-manager';
import { sandboxStatus, stopSandbox } from './supervisor/sandbox';
import { readState } from './supervisor/sandbox-state';
import { alivePids, descendantPids, eventually, killPids } from './testing/process-tree.util';

const repoRoot = findRepoRoot(__dirname);
const cli = join(repoRoot, 'dist', 'deploy', 'local', 'src', 'cli.js');
const PORT_VARIABLES = [
  'SANDBOX_KAFKA_PORT',
  'SANDBOX_KAFKA_CONTROLLER_PORT',
  'SANDBOX_POSTGRES_PORT',
  'IDENTITY_REGISTRY_PORT',
  'PAYMENT_SWITCH_PORT',
  'DATA_EXCHANGE_GATEWAY_PORT',
];
const START_TIMEOUT_MS = 240_000;

/** A command started in a process group of its own, as a terminal job or a process manager starts it. */
interface Command {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Command {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForReady(command: Command): Promise<void> {
  await eventually(
    'the sandbox to be ready',
    () => command.output().includes('Press Ctrl-C to stop') || command.child.exitCode !== null,
    START_TIMEOUT_MS,
  );
  if (!command.output().includes('Press Ctrl-C to stop'))
    throw new Error(`start failed:\n${command.output()}`);
}

/** A data folder and free ports of its own, with its own Kafka and PostgreSQL unless `external`. */
async function sandboxEnv(
  prefix: string,
  external = false,
): Promise<{ env: NodeJS.ProcessEnv; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  // As root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_DATA_DIR: dataDir };
  for (const variable of PORT_VARIABLES) env[variable] = String(await findFreePort());
  if (!external) {
    delete env.KAFKA_BROKERS;
    delete env.DATABASE_URL;
  }
  return { env, dataDir };
}

/** Everything state.json records as running, the supervisor included. */
function recordedPids(dataDir: string): number[] {
  const state = readState(dataDir);
  return [
    state.supervisor?.pid,
    state.kafka?.pid,
    state.postgres?.pid,
    ...Object.values(state.services).map((record) => record.pid),
  ].filter((pid): pid is number => typeof pid === 'number');
}

function row(rows: ComponentStatus[], name: string): ComponentStatus | undefined {
  return rows.find((candidate) => candidate.name === name);
}

/** Stops whatever a failed test left: the recorded processes and every descendant seen. */
async function cleanUp(config: SandboxConfig | undefined, seen: number[]): Promise<void> {
  if (config) {
    const supervisor = readState(config.dataDir).supervisor?.pid;
    if (supervisor) killPids([supervisor]);
    await stopSandbox(config).catch(() => undefined);
  }
  killPids(seen);
}

describe('npm start under signals', () => {
  let dataDir: string | undefined;
  let config: SandboxConfig | undefined;
  const seen: number[] = [];

  afterAll(async () => {
    await cleanUp(config, seen);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('SIGTERM to the top process (npm) stops every process the command started and frees its ports', async () => {
    const sandbox = await sandboxEnv('a-npm-start-');
    dataDir = sandbox.dataDir;
    config = loadSandboxConfig(sandbox.env, repoRoot);
    const npm = startCommand('npm', ['start'], sandbox.env);
    seen.push(npm.child.pid as number);
    await waitForReady(npm);

    // The whole tree: npm, its script shell, tools/run.mjs, the supervisor, its watchdog, Kafka,
    // PostgreSQL (and its backends) and the three services.
    const tree = descendantPids(npm.child.pid as number);
    seen.push(...tree);
    const recorded = recordedPids(sandbox.dataDir);
    expect(recorded).toHaveLength(6);
    expect(tree).toEqual(expect.arrayContaining(recorded));

    // What a process manager, `timeout` or a cancelled CI job does: signal the top process only.
    process.kill(npm.child.pid as number, 'SIGTERM');
    await npm.exited;
    await eventually('every process of npm start to end', () => alivePids(tree).length === 0, 120_000);
    expect(alivePids(tree)).toEqual([]);
    for (const variable of PORT_VARIABLES)
      await expect(isPortFree(Number(sandbox.env[variable]))).resolves.toBe(true);
  }, 400_000);
});

// One sandbox shared by the cases that follow, in order: a crashed service, a crashed broker, a crashed
// database server, then the supervisor itself killed.
describe('the supervisor keeps its processes running and takes them along when it dies', () => {
  let dataDir: string | undefined;
  let config: SandboxConfig;
  let supervisor: Command;
  const seen: number[] = [];

  beforeAll(async () => {
    expect(existsSync(cli)).toBe(true);
    const sandbox = await sandboxEnv('a-supervised-');
    dataDir = sandbox.dataDir;
    config = loadSandboxConfig(sandbox.env, repoRoot);
    supervisor = startCommand(process.execPath, [cli, 'start'], sandbox.env);
    seen.push(supervisor.child.pid as number);
    await waitForReady(supervisor);
    seen.push(...descendantPids(supervisor.child.pid as number));
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await cleanUp(config, [...seen, ...(supervisor?.child.pid ? descendantPids(supervisor.child.pid) : [])]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('restarts a crashed service and shows the restart in `sandbox status`', async () => {
    const before = readState(config.dataDir).services['identity-registry']?.pid as number;
    process.kill(before, 'SIGKILL');
    await eventually(
      'identity-registry to run again',
      async () => {
        const status = row(await sandboxStatus(config), 'identity-registry');
        return status?.state === 'running' && status.pid !== before;
      },
      120_000,
    );
    const status = row(await sandboxStatus(config), 'identity-registry');
    seen.push(status?.pid as number);
    expect(status?.restarts).toEqual({ count: 1, lastExit: 'exited on signal SIGKILL' });
    expect(supervisor.output()).toContain('identity-registry exited on signal SIGKILL; restarting it in 1 s');
  }, 150_000);

  it('restarts a crashed Kafka broker, records its new pid, and the services answer again', async () => {
    const before = readState(config.dataDir).kafka?.pid as number;
    process.kill(before, 'SIGKILL');
    await eventually(
      'Kafka and every service to run again',
      async () => {
        const rows = await sandboxStatus(config);
        return rows.every((candidate) => candidate.state === 'running') && row(rows, 'kafka')?.pid !== before;
      },
      180_000,
    );
    const kafka = row(await sandboxStatus(config), 'kafka');
    expect(readState(config.dataDir).kafka?.pid).toBe(kafka?.pid);
    expect(isProcessAlive(before)).toBe(false);
    expect(kafka?.restarts).toEqual({ count: 1, lastExit: 'exited on signal SIGKILL' });
    seen.push(kafka?.pid as number);
  }, 200_000);

  it('restarts a crashed PostgreSQL, and the services answer again', async () => {
    const before = readState(config.dataDir).postgres?.pid as number;
    process.kill(before, 'SIGKILL');
    await eventually(
      'PostgreSQL and every service to run again',
      async () => {
        const rows = await sandboxStatus(config);
        return (
          rows.every((candidate) => candidate.state === 'running') && row(rows, 'postgres')?.pid !== before
        );
      },
      180_000,
    );
    const postgres = row(await sandboxStatus(config), 'postgres');
    expect(readState(config.dataDir).postgres?.pid).toBe(postgres?.pid);
    expect(postgres?.restarts).toEqual({ count: 1, lastExit: 'exited on signal SIGKILL' });
    seen.push(postgres?.pid as number);
  }, 200_000);

  it('when the supervisor is SIGKILLed, the processes it started stop themselves', async () => {
    const tree = descendantPids(supervisor.child.pid as number);
    seen.push(...tree);
    const recorded = recordedPids(config.dataDir);
    expect(tree).toEqual(expect.arrayContaining(recorded.filter((pid) => pid !== supervisor.child.pid)));
    process.kill(supervisor.child.pid as number, 'SIGKILL');
    await supervisor.exited;
    await eventually(
      'the children of the killed supervisor to end',
      () => alivePids(tree).length === 0,
      120_000,
    );
    expect(alivePids(tree)).toEqual([]);
    expect(readState(config.dataDir)).toEqual({ services: {}, restarts: expect.any(Object) });
  }, 150_000);
});

describe('sandbox stop with a supervisor in the foreground', () => {
  let dataDir: string | undefined;
  let config: SandboxConfig | undefined;
  const seen: number[] = [];

  afterAll(async () => {
    await cleanUp(config, seen);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('ends the supervisor too (infra stop as well), and a start while one runs is refused', async () => {
    // Kafka and PostgreSQL of the test run (external): the supervisor alone is what this is about.
    const sandbox = await sandboxEnv('a-stop-', true);
    dataDir = sandbox.dataDir;
    config = loadSandboxConfig(sandbox.env, repoRoot);
    // --reset wipes the data dir, state.json included: the supervisor is recorded after that.
    const supervisor = startCommand(process.execPath, [cli, 'start', '--infra-only', '--reset'], sandbox.env);
    seen.push(supervisor.child.pid as number);
    await waitForReady(supervisor);
    const tree = descendantPids(supervisor.child.pid as number);
    seen.push(...tree);

    const second = startCommand(process.execPath, [cli, 'start', '--infra-only'], sandbox.env);
    const secondCode = await second.exited;
    expect(second.output()).toContain(
      `is already running (supervisor pid ${supervisor.child.pid}). Stop it first: npm run sandbox -- stop`,
    );
    expect(secondCode).toBe(1);

    const stop = startCommand(process.execPath, [cli, 'stop'], sandbox.env);
    await expect(stop.exited).resolves.toBe(0);
    expect(stop.output()).toContain('Stopped supervisor.');
    await expect(supervisor.exited).resolves.toBe(0);
    expect(supervisor.output()).toContain('SIGTERM received; stopping...');
    await eventually('the watchdog to end', () => alivePids(tree).length === 0, 30_000);
    expect(readState(sandbox.dataDir).supervisor).toBeUndefined();

    // `infra stop` too: a supervisor left running would restart what it stops.
    const again = startCommand(process.execPath, [cli, 'start', '--infra-only'], sandbox.env);
    seen.push(again.child.pid as number);
    await waitForReady(again);
    const infraStop = startCommand(process.execPath, [cli, 'infra', 'stop'], sandbox.env);
    await expect(infraStop.exited).resolves.toBe(0);
    expect(infraStop.output()).toContain('Stopped supervisor.');
    await expect(again.exited).resolves.toBe(0);
  }, 120_000);
});
