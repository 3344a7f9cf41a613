// The local sandbox's command line: `node dist/deploy/local/src/cli.js <command>` (npm start / npm run sandbox).
import { join } from 'node:path';

import { findRepoRoot } from './config/repo-root.util';
import { loadSandboxConfig, SandboxConfig } from './config/sandbox-config';
import { ensureInfra, infraStatus, logDir, stopRecordedInfra } from './supervisor/infra-manager';
import {
  RunningSandbox,
  sandboxStatus,
  ensureServiceKeys,
  startSandbox,
  stopRecordedServices,
  stopSandbox,
  wipeDataDir,
} from './supervisor/sandbox';
import { readState } from './supervisor/sandbox-state';
import { renderStatus, renderSummary } from './supervisor/summary-table';
import {
  forgetSupervisor,
  liveSupervisor,
  recordSupervisor,
  stopRecordedSupervisor,
  SUPERVISOR_MARKER,
} from './supervisor/supervisor-record';
import { startWatchdog } from './supervisor/watchdog';

const USAGE = `Usage: sandbox <command>
  start [--reset] [--infra-only]  start Kafka, PostgreSQL and the three services; stays in the foreground,
                                  restarts what crashes; Ctrl-C (or SIGTERM, SIGHUP) stops
  stop                            stop whatever an earlier start left running, a running start included
  status                          show what is running
  infra start [--reset]|stop|status
                                  Kafka + PostgreSQL only; "infra start" returns once they are ready
Ports and folders come from SANDBOX_KAFKA_PORT, SANDBOX_KAFKA_CONTROLLER_PORT, SANDBOX_POSTGRES_PORT,
IDENTITY_REGISTRY_PORT, PAYMENT_SWITCH_PORT, DATA_EXCHANGE_GATEWAY_PORT, SANDBOX_DATA_DIR, DPI_CACHE_DIR;
KAFKA_BROKERS / DATABASE_URL use existing servers instead of starting them.`;

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// kafkajs 2.2.4 schedules a negative timeout on recent Node versions, which prints a harmless
// TimeoutNegativeWarning; the CLI keeps its output to what a person needs.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning')
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

function describeInfra(running: Pick<RunningSandbox, 'infra'>): void {
  const { infra } = running;
  if (infra.kafkaSource === 'started') {
    const fetch =
      infra.timings.kafkaFetchMs > 1_000 ? `, jar fetch ${seconds(infra.timings.kafkaFetchMs)}` : '';
    const format =
      infra.timings.kafkaFormatMs > 0 ? `, storage format ${seconds(infra.timings.kafkaFormatMs)}` : '';
    say(`Kafka started on ${infra.brokers.join(',')} in ${seconds(infra.timings.kafkaMs)}${fetch}${format}`);
  } else
    say(
      `Kafka: using ${infra.kafkaSource === 'reused' ? 'the running broker' : 'KAFKA_BROKERS'} at ${infra.brokers.join(',')}`,
    );
  if (infra.postgresSource === 'started') {
    const init = infra.timings.postgresInitMs > 0 ? ` (initdb ${seconds(infra.timings.postgresInitMs)})` : '';
    say(`PostgreSQL started in ${seconds(infra.timings.postgresMs)}${init}`);
    if (infra.postgres?.relocatedBecause)
      say(
        `PostgreSQL keeps its data in ${infra.postgres.dataDir}: it runs as the "postgres" user, which cannot enter ${infra.postgres.relocatedBecause}`,
      );
  } else
    say(`PostgreSQL: using ${infra.postgresSource === 'reused' ? 'the running server' : 'DATABASE_URL'}`);
}

/** The signals that stop a foreground start: Ctrl-C, a process manager or `timeout`, a closed terminal. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// One Ctrl-C reaches this process several times: the terminal signals the whole foreground process
// group, and npm and tools/run.mjs forward the signal as well. Repeats within this window are the same
// interrupt; only a signal after it means "give up now".
const REPEATED_SIGNAL_WINDOW_MS = 2_000;

/** Calls `giveUp` for a signal that arrives well after `since`, ignoring repeats of the first one. */
function onLaterSignal(since: number, giveUp: () => void): void {
  const handler = () => {
    if (Date.now() - since > REPEATED_SIGNAL_WINDOW_MS) giveUp();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
}

/** Resolves on the first stop signal. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals) => {
      for (const stop of STOP_SIGNALS) process.off(stop, handler);
      resolve(signal);
    };
    for (const signal of STOP_SIGNALS) process.on(signal, handler);
  });
}

async function start(config: SandboxConfig, flags: Set<string>): Promise<number> {
  const infraOnly = flags.has('--infra-only');
  // A second supervisor would fight the first over ports and restarts.
  const other = liveSupervisor(readState(config.dataDir));
  if (other) {
    throw new Error(
      `The sandbox in ${config.dataDir} is already running (supervisor pid ${other.pid}). Stop it first: npm run sandbox -- stop`,
    );
  }
  // Wiped before this process is recorded in the data dir's state.json, not after.
  if (flags.has('--reset')) {
    await stopSandbox(config, say);
    wipeDataDir(config);
    say(`Wiped ${config.dataDir}`);
  }
  // Recorded so that `sandbox stop` can end this process, and watched so that our processes do not
  // outlive us if we die without stopping them (see watchdog.cli.ts).
  recordSupervisor(config, SUPERVISOR_MARKER);
  startWatchdog(config.dataDir, logDir(config));
  say(`Starting the DPI City Sandbox${infraOnly ? ' infrastructure' : ''} (data in ${config.dataDir})...`);
  // A Ctrl-C while starting stops what has started so far; a second, later one gives up at once.
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) return;
    interrupted = true;
    onLaterSignal(Date.now(), () => process.exit(130));
    say('\nInterrupted; stopping what was started...');
    void stopRecordedServices(config, say)
      .then(() => stopRecordedInfra(config, say, 'sandbox'))
      .finally(() => {
        forgetSupervisor(config, process.pid);
        process.exit(130);
      });
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onInterrupt);
  const never = new Promise<number>(() => undefined);
  let running: RunningSandbox;
  try {
    running = await startSandbox(config, { infraOnly, log: say });
  } catch (error) {
    // After a Ctrl-C the failure is ours (we stopped the processes); the interrupt handler exits.
    if (interrupted) return never;
    forgetSupervisor(config, process.pid);
    throw error;
  }
  for (const signal of STOP_SIGNALS) process.off(signal, onInterrupt);
  if (interrupted) return never;

  describeInfra(running);
  say();
  say(renderSummary(config, running));
  say();
  say(`Ready in ${seconds(running.elapsedMs)}. Press Ctrl-C to stop.`);

  // Nothing else may hold the event loop open (--infra-only with external servers watches nothing),
  // and the supervisor must stay until it is told to stop.
  const stayAlive = setInterval(() => undefined, 60_000);
  const signal = await nextSignal();
  clearInterval(stayAlive);
  say(`\n${signal} received; stopping...`);
  // A second, later signal while stopping exits at once; the watchdog stops whatever is left.
  onLaterSignal(Date.now(), () => process.exit(130));
  await running.stop();
  forgetSupervisor(config, process.pid);
  say('Stopped.');
  return 0;
}

async function status(config: SandboxConfig, infraOnly: boolean): Promise<number> {
  const rows = infraOnly ? await infraStatus(config) : await sandboxStatus(config);
  say(renderStatus(rows));
  return rows.every((row) => row.state === 'running' || row.state === 'external') ? 0 : 3;
}

async function infra(config: SandboxConfig, sub: string | undefined, flags: Set<string>): Promise<number> {
  switch (sub) {
    case 'start': {
      if (flags.has('--reset')) {
        await stopSandbox(config, say);
        wipeDataDir(config);
      }
      const started = Date.now();
      const handle = await ensureInfra(config, 'infra', say);
      const keys = await ensureServiceKeys(config);
      describeInfra({ infra: handle });
      say(
        `Kafka and PostgreSQL are ready in ${seconds(Date.now() - started)} and keep running; "sandbox infra stop" stops them.`,
      );
      say(`KAFKA_BROKERS=${handle.brokers.join(',')}`);
      say(`DATABASE_URL=${handle.adminUrl}`);
      say(`PUBLISH_POLICY_FILE=${keys.policyFile}  (service keys in ${join(config.dataDir, 'keys')})`);
      return 0;
    }
    case 'stop': {
      // A supervisor in the foreground would restart what we stop; it goes first, with its services.
      const supervisor = (await stopRecordedSupervisor(config, say)) ? ['supervisor'] : [];
      const stopped = [...supervisor, ...(await stopRecordedInfra(config, say))];
      say(stopped.length ? `Stopped ${stopped.join(', ')}.` : 'Kafka and PostgreSQL were not running.');
      return 0;
    }
    case 'status':
      return status(config, true);
    default:
      say(USAGE);
      return 2;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((arg) => arg.startsWith('--')));
  const words = rest.filter((arg) => !arg.startsWith('--'));
  const known = new Set(['--reset', '--infra-only']);
  const unknown = [...flags].filter((flag) => !known.has(flag));
  if (unknown.length > 0 || command === undefined || command === '--help' || command === 'help') {
    say(USAGE);
    return unknown.length > 0 || command === undefined ? 2 : 0;
  }
  const config = loadSandboxConfig(process.env, findRepoRoot(__dirname));
  switch (command) {
    case 'start':
      return start(config, flags);
    case 'stop': {
      const stopped = await stopSandbox(config, say);
      say(stopped.length ? `Stopped ${stopped.join(', ')}.` : 'Nothing was running.');
      return 0;
    }
    case 'status':
      return status(config, false);
    case 'infra':
      return infra(config, words[0], flags);
    default:
      say(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
