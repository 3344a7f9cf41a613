// The fuzz stage of `npm test`: each service is fuzzed from the contract it serves (/openapi.json) with
// schemathesis, and any server error or answer that breaks the contract fails the stage.
//
//   node tests/fuzz/run-fuzz.mjs                 # after `node tools/build.mjs`; about 1.5 minutes on 2 cores
//   FUZZ_MAX_EXAMPLES=1000 FUZZ_SEED=42 node tests/fuzz/run-fuzz.mjs   # deeper, elsewhere
//
// schemathesis (PyPI, pinned below) is installed by this script into .cache/fuzz-venv with python3 -m venv.
// Kafka and PostgreSQL come from the test infrastructure (KAFKA_BROKERS + DATABASE_URL when both are set,
// else testcontainers or local processes, as for the integration tests); each built service runs as its
// own process, as `npm start` runs it, with a database of its own and the registry's admin token, so the
// authenticated routes are fuzzed too. Checks and their settings are in schemathesis.toml beside this file.
import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const require = createRequire(import.meta.url);

const SCHEMATHESIS_VERSION = '4.32.5';
// Its property-based engine, pinned too: the same version generates the same requests from the same seed.
const HYPOTHESIS_VERSION = '6.170.17';
const PINNED = `schemathesis==${SCHEMATHESIS_VERSION} hypothesis==${HYPOTHESIS_VERSION}`;
const venv = join(repoRoot, '.cache', 'fuzz-venv');
const schemathesis = join(venv, 'bin', 'schemathesis');
const reports = join(repoRoot, '.cache', 'test-results', 'fuzz');
// Bounded: examples per operation and phase; the whole stage stays within about 2-3 minutes on 2 cores.
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '100';
// A fixed seed: the same requests every run, so a failure reproduces; FUZZ_SEED explores others.
const SEED = process.env.FUZZ_SEED ?? '7';
const READY_TIMEOUT_MS = 60_000;

/** Runs a command to completion with inherited output; throws with `hint` when it fails. */
function mustRun(cmd, args, hint) {
  const result = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed${hint ? `: ${hint}` : ''}`);
}

/** schemathesis at the pinned versions in .cache/fuzz-venv, installed on first use (and when the pins change). */
function ensureSchemathesis() {
  const marker = join(venv, '.schemathesis-version');
  if (existsSync(schemathesis) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === PINNED)
    return;
  console.log(`Installing ${PINNED} into .cache/fuzz-venv ...`);
  rmSync(venv, { recursive: true, force: true });
  mustRun(
    'python3',
    ['-m', 'venv', venv],
    'the fuzz stage needs Python 3 with its venv module (Debian/Ubuntu: apt-get install python3-venv)',
  );
  mustRun(join(venv, 'bin', 'pip'), [
    'install',
    '--disable-pip-version-check',
    '--quiet',
    ...PINNED.split(' '),
  ]);
  writeFileSync(marker, `${PINNED}\n`);
}

async function waitReady(url, child, logFile) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await globalThis.fetch(`${url}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
  throw new Error(
    `${url} did not become ready within ${READY_TIMEOUT_MS / 1000} s; last lines of ${logFile}:\n${log}`,
  );
}

async function main() {
  ensureSchemathesis();
  const { startTestInfrastructure, createTestDatabase, createTopic, uniqueTopic } = require(
    join(repoRoot, 'dist/libs/testing/src/index.js'),
  );
  const { createTopicsFromContracts, findFreePort } = require(
    join(repoRoot, 'dist/deploy/local/src/index.js'),
  );
  const work = mkdtempSync(join(tmpdir(), 'dpi-fuzz-'));
  mkdirSync(reports, { recursive: true });
  const adminToken = randomBytes(24).toString('hex');
  const started = [];
  let infrastructure;

  const stopAll = async () => {
    for (const { child } of started.reverse()) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
    for (const { database } of started) await database.drop().catch(() => undefined);
    await infrastructure?.stop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  };
  const onSignal = (signal) => {
    stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    infrastructure = await startTestInfrastructure();
    process.env.KAFKA_BROKERS = infrastructure.kafkaBrokers.join(',');
    process.env.DATABASE_URL = infrastructure.databaseUrl;
    await createTopicsFromContracts(infrastructure.kafkaBrokers, join(repoRoot, 'contracts', 'asyncapi'));
    const lifecycleTopic = uniqueTopic('fuzz.lifecycle');
    await createTopic(lifecycleTopic);

    const startService = async (name, env) => {
      const database = await createTestDatabase(
        `fuzz_${name.replace(/-/g, '_')}`,
        infrastructure.databaseUrl,
      );
      const port = await findFreePort();
      const logFile = join(reports, `${name}.log`);
      const log = createWriteStream(logFile);
      const child = spawn(
        process.execPath,
        ['--disable-warning=TimeoutNegativeWarning', join(repoRoot, `dist/services/${name}/src/main.js`)],
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            NODE_ENV: 'production',
            HOST: '127.0.0.1',
            PORT: String(port),
            DATABASE_URL: database.url,
            KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
            LOG_LEVEL: 'warn',
            LIFECYCLE_TOPIC: lifecycleTopic,
            SERVICE_KEY_FILE: join(work, `${name}.pem`),
            SERVICE_KEY_GENERATE: 'true',
            ...env,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout.pipe(log);
      child.stderr.pipe(log);
      const url = `http://127.0.0.1:${port}`;
      started.push({ name, child, database, url, logFile });
      await waitReady(url, child, logFile);
      return url;
    };

    const registryUrl = await startService('identity-registry', {
      ADMIN_TOKEN: adminToken,
      KEYSTORE_DIR: join(work, 'keystore'),
      DEMO_CITY_SEED: 'fuzz-stage-demo-city-seed',
    });
    await startService('payment-switch', { IDENTITY_REGISTRY_URL: registryUrl });
    await startService('data-exchange-gateway', { IDENTITY_REGISTRY_URL: registryUrl });

    const failed = [];
    for (const { name, url } of started) {
      console.log(
        `\n--- fuzzing ${name} from ${url}/openapi.json (${MAX_EXAMPLES} examples per operation, seed ${SEED})`,
      );
      const result = spawnSync(
        schemathesis,
        [
          '--config-file',
          join(here, 'schemathesis.toml'),
          'run',
          `${url}/openapi.json`,
          '--max-examples',
          MAX_EXAMPLES,
          '--seed',
          SEED,
          '--header',
          `Authorization: Bearer ${adminToken}`,
          '--report',
          'junit',
          '--report-junit-path',
          join(reports, `${name}.junit.xml`),
        ],
        {
          cwd: repoRoot,
          stdio: 'inherit',
          env: { ...process.env, NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' },
        },
      );
      if (result.status !== 0) failed.push(name);
    }
    if (failed.length > 0) {
      const logs = started
        .filter((service) => failed.includes(service.name))
        .map((service) => service.logFile);
      console.log(
        `\nfuzz: ${failed.join(', ')} broke the contract or answered a server error (see above; service logs: ${logs.join(', ')})`,
      );
      return 1;
    }
    console.log(`\nfuzz: ${started.length} services answered every request within their contracts`);
    return 0;
  } finally {
    await stopAll();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
