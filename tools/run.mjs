// The project's two front-door commands, run under Node >= 24.9 by tools/node24.sh:
//   start            install if needed, build, start Kafka + PostgreSQL + every service (Ctrl-C stops)
//   test             install if needed, then lint, type-check, build, unit, integration and e2e tests
//   sandbox <args>   the local sandbox CLI (stop, status, infra start|stop|status, start --reset ...)
//   tail <args>      the message tail: each record of a topic with its verification verdict
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...args] = process.argv.slice(2);

// A signal to any process of the command stops the whole command: the step running gets it, and no
// further step starts. A process manager, `timeout` or a closed CI job signals only the top process
// (npm), which passes SIGINT/SIGTERM to its script shell; that shell (dash) dies without passing it on.
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let stopSignal;
let currentChild;
for (const signal of STOP_SIGNALS) {
  process.on(signal, () => {
    stopSignal ??= signal;
    currentChild?.kill(signal);
  });
}

/**
 * Our ancestors in our own process group: the processes of this command (npm, its script shell) when
 * it runs as a job of a terminal or is started in a group of its own. The terminal's shell leads
 * another group and is not among them. Empty where `ps` is missing.
 */
function commandAncestors() {
  const ancestors = [];
  try {
    const table = new Map(
      execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/).map(Number))
        .map(([pid, ppid, pgid]) => [pid, { ppid, pgid }]),
    );
    const group = table.get(process.pid)?.pgid;
    for (let pid = process.ppid; pid > 1 && table.get(pid)?.pgid === group; pid = table.get(pid).ppid) {
      ancestors.push(pid);
    }
  } catch {
    // No ps: the parent pid check below still applies.
  }
  return ancestors;
}

/**
 * Stops the command when one of its ancestors is gone (killed, or ended by a signal it did not pass
 * on): checked once a second, since no signal tells a child that its parent died.
 */
function stopWhenOrphaned() {
  const parent = process.ppid;
  const ancestors = commandAncestors();
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
    } catch (error) {
      return error.code === 'EPERM';
    }
    try {
      // A dead ancestor whose parent does not reap it (some containers' init) stays a zombie.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return true;
    }
  };
  const timer = setInterval(() => {
    if (process.ppid === parent && ancestors.every(alive)) return;
    clearInterval(timer);
    console.error('\nThe command that started this one has ended; stopping.');
    stopSignal ??= 'SIGTERM';
    currentChild?.kill('SIGTERM');
  }, 1_000);
  timer.unref();
}

function run(cmd, cmdArgs, options = {}) {
  if (stopSignal) return Promise.resolve(130);
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: repoRoot, stdio: 'inherit', ...options });
    currentChild = child;
    child.on('exit', (code, signal) => {
      currentChild = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * Installs from the lockfile when node_modules is missing or older than it; otherwise nothing.
 * `npm install`, not `npm ci`: npm ci insists that the lockfile list every platform's optional binary
 * (swc, nx, ...), and a registry mirror that serves only some platforms cannot produce such a lockfile.
 * With a complete lockfile present, `npm install` installs exactly the locked versions.
 */
async function ensureInstalled() {
  const installedLock = join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = join(repoRoot, 'package-lock.json');
  if (existsSync(installedLock) && statSync(installedLock).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('Installing dependencies (npm install from package-lock.json)...');
  const code = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  if (code !== 0) throw new Error('npm install failed; see the output above');
}

async function step(name, cmd, cmdArgs, options) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const code = await run(cmd, cmdArgs, options);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`=== ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds}s`);
  return code;
}

// kafkajs 2.2.4 schedules its request-queue check with a negative delay when not throttled (kafkajs
// issue 1751, unfixed upstream); Node clamps it to 1 ms, as kafkajs intends, and warns each time.
const QUIET_NODE_WARNINGS = [
  '--disable-warning=TimeoutNegativeWarning',
  '--disable-warning=ExperimentalWarning',
];

const jest = (config, resultsFile) => [
  ...QUIET_NODE_WARNINGS,
  '--experimental-vm-modules',
  'node_modules/jest/bin/jest.js',
  '-c',
  config,
  '--json',
  `--outputFile=${resultsFile}`,
  '--ci',
];

function countTests(resultsFile) {
  if (!existsSync(resultsFile)) return { passed: 0, failed: 0 };
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  // A suite that fails before its tests run (setup error) counts as a failure, never as a pass.
  const brokenSuites = results.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length;
  return { passed: results.numPassedTests, failed: results.numFailedTests + brokenSuites };
}

async function test() {
  await ensureInstalled();
  const reports = join(repoRoot, '.cache', 'test-results');
  mkdirSync(reports, { recursive: true });
  const testSteps = [
    ['unit tests', 'jest.unit.config.js', join(reports, 'unit.json')],
    [
      'integration and e2e tests (real Kafka and PostgreSQL)',
      'jest.integration.config.js',
      join(reports, 'integration.json'),
    ],
  ];
  const checks = [
    // @nx/enforce-module-boundaries reads Nx's cached project graph and silently skips itself without
    // one (a fresh clone has none), so the graph is computed first.
    ['project graph', 'npx', ['nx', 'show', 'projects']],
    ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
    ['type-check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
    ['build', 'node', ['tools/build.mjs']],
    ['fuzz (schemathesis from each service contract)', 'node', [...QUIET_NODE_WARNINGS, 'tests/fuzz/run-fuzz.mjs']],
  ];
  const started = Date.now();
  const failedSteps = [];
  let passed = 0;
  let failed = 0;
  for (const [name, cmd, cmdArgs] of checks) {
    if ((await step(name, cmd, cmdArgs)) !== 0) failedSteps.push(name);
  }
  for (const [name, config, resultsFile] of testSteps) {
    rmSync(resultsFile, { force: true });
    const code = await step(name, 'node', jest(config, resultsFile));
    const counts = countTests(resultsFile);
    passed += counts.passed;
    // A runner that failed without reporting a failed test (e.g. infrastructure did not start) still fails.
    failed += code !== 0 && counts.failed === 0 ? 1 : counts.failed;
    if (code !== 0) failedSteps.push(name);
  }
  failed += failedSteps.filter((name) => checks.some(([check]) => check === name)).length;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\nFailed steps: ${failedSteps.length ? failedSteps.join(', ') : 'none'} (total ${seconds}s)`);
  // The closing line: tests passed and failed, with each failed lint/type-check/build step as one failure.
  console.log(`tests: ${passed} passed, ${failed} failed`);
  return failedSteps.length === 0 ? 0 : 1;
}

async function sandbox(cliArgs) {
  await ensureInstalled();
  if ((await run('node', ['tools/build.mjs'])) !== 0) return 1;
  return run('node', ['--enable-source-maps', 'dist/deploy/local/src/cli.js', ...cliArgs]);
}

async function tail(tailArgs) {
  await ensureInstalled();
  // The build's "built N files" line goes to stderr, so `npm run --silent tail -- x --json` is pure JSON lines.
  if ((await run('node', ['tools/build.mjs'], { stdio: ['inherit', 2, 'inherit'] })) !== 0) return 1;
  return run('node', [
    ...QUIET_NODE_WARNINGS,
    '--enable-source-maps',
    'dist/libs/messaging/src/tail/tail.cli.js',
    ...tailArgs,
  ]);
}

const commands = {
  start: () => sandbox(['start', ...args]),
  sandbox: () => sandbox(args),
  tail: () => tail(args),
  test,
};

if (!commands[command]) {
  console.error(`Unknown command "${command}". Use one of: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
stopWhenOrphaned();
commands[command]()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
