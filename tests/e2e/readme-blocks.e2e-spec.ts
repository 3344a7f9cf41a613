import { spawnSync } from 'node:child_process';
import {
  type Dirent,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  DEFAULT_SERVICES,
  findRepoRoot,
  startSandbox,
  type RunningSandbox,
  type SandboxConfig,
} from '@dpi/local-infra';
import { createTopic, dropTestDatabase, uniqueTopic } from '@dpi/testing';

import { testSandboxConfig } from './e2e-sandbox.util';
import { loggedCalls, readmeShellBlocks, unannouncedFailures, type ReadmeBlock } from './readme-blocks.util';

const repoRoot = findRepoRoot(__dirname);
const README_PORTS: Record<string, number> = {
  'identity-registry': 3001,
  'payment-switch': 3002,
  'data-exchange-gateway': 3003,
};

/**
 * The shell a reader pastes into: bash with `set -e`, so a command that fails stops the run where it
 * failed (its line is printed); `curl` logs each call's status, method, URL and the file holding its output on standard error.
 */
function preamble(callsDir: string): string {
  return [
    // No pipefail: `curl ... | head` ends curl early, as it does for a reader.
    'set -e',
    `trap 'echo "readme-check-failed: line $LINENO: $BASH_COMMAND" >&2' ERR`,
    'README_CHECK_BLOCK=-1',
    'curl() {',
    `  local out; out=$(mktemp '${callsDir}/call-XXXXXX')`,
    `  command curl -w "%{stderr}readme-check-call $README_CHECK_BLOCK %{http_code} %{method} %{url_effective} $out\\n" "$@" | tee "$out"`,
    '}',
    '',
  ].join('\n');
}

/**
 * A block as it would run against this sandbox: the README's ports, lifecycle topic and lab folders
 * become the test's. Nothing else changes: paths such as `.sandbox/admin-token` stay relative to the
 * folder the reader is in, as they are for a reader.
 */
function localise(text: string, ports: Map<number, number>, topic: string, labRoot: string): string {
  let localised = text.replaceAll('sandbox.lifecycle', topic).replaceAll('/tmp/', `${labRoot}/`);
  for (const [readmePort, port] of ports)
    localised = localised.replaceAll(`127.0.0.1:${readmePort}`, `127.0.0.1:${port}`);
  return localised;
}

/** Each built file's modification time: what the running services load. */
function distFileTimes(): Map<string, number> {
  const dist = join(repoRoot, 'dist');
  return new Map(
    (readdirSync(dist, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path, statSync(path).mtimeMs] as const;
      }),
  );
}

// The README, pasted block by block into one shell from the repository folder, against a sandbox started
// as `npm start` starts it (the three built services on the run's Kafka and PostgreSQL). Its `.sandbox`
// folder is the sandbox's data folder: the shell runs in a view of the repository (a link per entry)
// whose `.sandbox` is that folder.
describe('the README, pasted block by block (e2e)', () => {
  let sandbox: RunningSandbox | undefined;
  let config: SandboxConfig | undefined;
  let work: string;
  const blocks = readmeShellBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
  const runnable = blocks.filter((block) => !block.skip);
  let run: { status: number | null; stdout: string; stderr: string };
  let distBefore: Map<string, number>;
  let distAfter: Map<string, number>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'e2e-readme-'));
    const dataDir = join(work, 'sandbox-data');
    const view = join(work, 'repo');
    const labRoot = join(work, 'labs');
    const callsDir = join(work, 'calls');
    for (const dir of [dataDir, view, labRoot, callsDir]) mkdirSync(dir, { recursive: true });
    for (const entry of readdirSync(repoRoot))
      if (entry !== '.sandbox') symlinkSync(join(repoRoot, entry), join(view, entry));
    symlinkSync(dataDir, join(view, '.sandbox'));

    const topic = uniqueTopic('test.lifecycle.readme');
    await createTopic(topic);
    process.env.LIFECYCLE_TOPIC = topic;
    process.env.DEMO_CITY_SEED = 'readme e2e demo city seed';
    config = await testSandboxConfig(
      dataDir,
      DEFAULT_SERVICES.map((service) => service.name),
      'e_readme',
    );
    sandbox = await startSandbox(config);
    delete process.env.LIFECYCLE_TOPIC;
    delete process.env.DEMO_CITY_SEED;

    const ports = new Map(
      config.services.map((service) => [README_PORTS[service.name] as number, service.port] as const),
    );
    const registry = config.services.find((service) => service.name === 'identity-registry');
    const script =
      preamble(callsDir) +
      blocks
        .map((block, index) =>
          block.skip
            ? `# README line ${block.line}: skipped (${block.skip})`
            : [
                `README_CHECK_BLOCK=${index}`,
                `echo "readme-check-block-start ${index}"`,
                localise(block.text, ports, topic, labRoot),
                `echo "readme-check-block-end ${index}"`,
              ].join('\n'),
        )
        .join('\n');
    writeFileSync(join(work, 'readme.sh'), script);
    distBefore = distFileTimes();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // What `npm start` would have defaulted to: this sandbox's folder and ports (Kafka and PostgreSQL
      // come from the test run's KAFKA_BROKERS and DATABASE_URL).
      SANDBOX_DATA_DIR: dataDir,
      ...Object.fromEntries(
        config.services.map((service) => [
          `${service.name.toUpperCase().replaceAll('-', '_')}_PORT`,
          String(service.port),
        ]),
      ),
      IDENTITY_REGISTRY_URL: `http://127.0.0.1:${registry?.port}`,
      PUBLISH_POLICY_FILE: join(dataDir, 'publish-policy.json'),
      NO_COLOR: '1',
    };
    const result = spawnSync('bash', ['--noprofile', '--norc', join(work, 'readme.sh')], {
      cwd: view,
      encoding: 'utf8',
      timeout: 240_000,
      env,
    });
    run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
    distAfter = distFileTimes();
  }, 420_000);

  afterAll(async () => {
    await sandbox?.stop();
    for (const service of config?.services ?? []) await dropTestDatabase(service.database);
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const ended = (block: ReadmeBlock) =>
    run.stdout.includes(`readme-check-block-end ${blocks.indexOf(block)}\n`);

  it('runs most blocks, and says why of each it skips', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(8);
    for (const block of blocks.filter((candidate) => candidate.skip))
      expect(block.skip?.length).toBeGreaterThan(10);
  });

  it('every block runs to its end, with no command failing', () => {
    const failedAt = /readme-check-failed: .*/.exec(run.stderr)?.[0];
    const stopped = runnable.find((block) => !ended(block));
    expect({ status: run.status, failedAt, stoppedInBlockAtLine: stopped?.line }).toEqual({
      status: 0,
      failedAt: undefined,
      stoppedInBlockAtLine: undefined,
    });
  });

  it('every HTTP call answers what the README says: no server error, and only the client errors it announces', () => {
    const calls = loggedCalls(run.stderr);
    expect(calls.length).toBeGreaterThan(30);
    expect(unannouncedFailures(calls, blocks)).toEqual([]);
  });

  it('leaves the code the running services load untouched (npm run tail and sandbox status rebuild nothing)', () => {
    const rewritten = [...distAfter]
      .filter(([path, time]) => distBefore.get(path) !== time)
      .map(([path]) => path);
    expect(distBefore.size).toBeGreaterThan(100);
    expect(rewritten).toEqual([]);
  });

  it('/health/ready, as the README shows it, lists the consumers each service runs', () => {
    const ready = loggedCalls(run.stderr).filter((call) => call.url.endsWith('/health/ready'));
    expect(ready.length).toBeGreaterThan(0);
    for (const call of ready) {
      const report = JSON.parse(readFileSync(call.bodyFile, 'utf8')) as {
        messaging: { consumers: unknown[] };
      };
      expect(report.messaging.consumers.length).toBeGreaterThan(0);
    }
  });

  it('resolution by versionTime in the walk-through returns the first version, not the rotated one', () => {
    const byTime = loggedCalls(run.stderr).filter((call) => call.url.includes('versionTime='));
    expect(byTime.length).toBeGreaterThan(0);
    for (const call of byTime) {
      const document = readFileSync(call.bodyFile, 'utf8');
      expect(document).toContain('#key-1');
      expect(document).not.toContain('#key-2');
    }
  });
});
