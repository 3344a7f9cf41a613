import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findRepoRoot } from '../config/repo-root.util';
import { loadSandboxConfig, SandboxConfig } from '../config/sandbox-config';
import { findFreePort } from '../process/port-check.util';
import { isProcessAlive } from '../process/process-control';
import { sandboxStatus, startSandbox, stopSandbox } from './sandbox';
import { readState } from './sandbox-state';
import { dropTestDatabase, uniqueDatabaseName } from '../testing/test-database.util';
import { testDatabaseUrl } from '../testing/test-env.util';

const repoRoot = findRepoRoot(__dirname);
const standIn = join(repoRoot, 'deploy', 'local', 'test', 'fixtures', 'stand-in-service.cjs');

describe('the sandbox supervisor with a stand-in service', () => {
  const databases: string[] = [];
  const dataDirs: string[] = [];
  const originalMode = process.env.STAND_IN_MODE;

  // Kafka and PostgreSQL come from the test infrastructure (KAFKA_BROKERS / DATABASE_URL); the
  // supervisor treats them as external and only runs the stand-in.
  async function configFor(
    overrides: Partial<SandboxConfig['services'][number]> = {},
  ): Promise<SandboxConfig> {
    const database = uniqueDatabaseName('a_standin');
    databases.push(database);
    const dataDir = mkdtempSync(join(tmpdir(), 'a-sandbox-'));
    dataDirs.push(dataDir);
    const base = loadSandboxConfig(process.env, repoRoot);
    const port = await findFreePort();
    return {
      ...base,
      dataDir,
      readyTimeoutMs: 15_000,
      services: [
        { name: 'stand-in', port, portVariable: 'STAND_IN_PORT', database, entry: standIn, ...overrides },
      ],
    };
  }

  afterEach(() => {
    if (originalMode === undefined) delete process.env.STAND_IN_MODE;
    else process.env.STAND_IN_MODE = originalMode;
  });

  afterAll(async () => {
    for (const database of databases) await dropTestDatabase(database);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('starts the service with its environment, reports it ready, and stop is idempotent', async () => {
    const config = await configFor();
    const service = config.services[0] as SandboxConfig['services'][number];
    const running = await startSandbox(config);
    try {
      expect(running.infra.kafkaSource).toBe('external');
      expect(running.infra.postgresSource).toBe('external');
      expect(running.services.map((s) => s.url)).toEqual([`http://127.0.0.1:${service.port}`]);
      const env = (await (await fetch(`http://127.0.0.1:${service.port}/env`)).json()) as Record<
        string,
        string
      >;
      expect(env).toEqual({
        PORT: String(service.port),
        DATABASE_URL: new URL(`/${service.database}`, testDatabaseUrl()).toString(),
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
        SERVICE_KEY_FILE: join(config.dataDir, 'keys', 'stand-in.pem'),
        PUBLISH_POLICY_FILE: join(config.dataDir, 'publish-policy.json'),
      });
      // The signing key is the owner's alone; the stand-in publishes nothing, so the policy names no one.
      expect(statSync(join(config.dataDir, 'keys', 'stand-in.pem')).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(join(config.dataDir, 'publish-policy.json'), 'utf8'))).toEqual({
        rules: [],
      });
      const status = await sandboxStatus(config);
      expect(status.find((row) => row.name === 'stand-in')).toMatchObject({
        state: 'running',
        pid: running.services[0]?.pid,
      });
      expect(status.find((row) => row.name === 'kafka')?.state).toBe('external');
    } finally {
      const pid = running.services[0]?.pid as number;
      await expect(stopSandbox(config)).resolves.toEqual(['stand-in']);
      expect(isProcessAlive(pid)).toBe(false);
    }
    // Stopped on purpose, so not restarted: longer than the first restart delay (1 s) later, nothing runs.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await expect(stopSandbox(config)).resolves.toEqual([]);
    expect(readState(config.dataDir).services).toEqual({});
    expect((await sandboxStatus(config)).find((row) => row.name === 'stand-in')?.state).toBe('stopped');
  });

  it('fails with the log path and tail when the service exits during start-up', async () => {
    process.env.STAND_IN_MODE = 'crash';
    const config = await configFor();
    const failure = startSandbox(config);
    await expect(failure).rejects.toThrow(
      /stand-in exited with code 3[\s\S]*Log file: .*stand-in\.log[\s\S]*crashing on purpose/,
    );
    expect(readState(config.dataDir).services).toEqual({});
  });

  it('gives up after the ready timeout and stops a service that never becomes ready', async () => {
    process.env.STAND_IN_MODE = 'never-ready';
    const config = { ...(await configFor()), readyTimeoutMs: 1_500 };
    await expect(startSandbox(config)).rejects.toThrow(
      /Timed out after 2s waiting for stand-in to answer .*\/health\/ready/,
    );
    const status = await sandboxStatus(config);
    expect(status.find((row) => row.name === 'stand-in')?.state).toBe('stopped');
  });

  it('refuses a taken port, naming the port and the variable that changes it', async () => {
    const config = await configFor();
    const service = config.services[0] as SandboxConfig['services'][number];
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(service.port, '127.0.0.1', resolve));
    try {
      await expect(startSandbox(config)).rejects.toThrow(
        `Port ${service.port} (stand-in) is already in use on 127.0.0.1. Stop whatever uses it, or choose another port with STAND_IN_PORT=<port>.`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a service that is not built', async () => {
    const config = await configFor({ entry: 'dist/services/nope/src/main.js' });
    await expect(startSandbox(config)).rejects.toThrow(
      /stand-in is not built \(.*dist\/services\/nope\/src\/main\.js is missing\); run "npm run build" first/,
    );
  });
});
