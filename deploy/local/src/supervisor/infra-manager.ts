import { join } from 'node:path';

import { SandboxConfig } from '../config/sandbox-config';
import { createTopicsFromContracts } from '../kafka/contract-topics';
import { KAFKA_PROCESS_MARKER, KafkaHandle, startKafka } from '../kafka/kafka-broker';
import { waitForKafka } from '../kafka/kafka-client.util';
import { isPortAnswering } from '../process/port-check.util';
import { isOurProcess, stopProcess } from '../process/process-control';
import { waitFor } from '../process/wait-for.util';
import {
  POSTGRES_PROCESS_MARKER,
  PostgresHandle,
  probePostgres,
  startPostgres,
} from '../postgres/postgres-server';
import { ensureDatabases } from '../postgres/service-databases';
import { ProcessOwner, readState, RestartRecord, SandboxState, updateState } from './sandbox-state';
import { liveSupervisor } from './supervisor-record';

export type InfraSource = 'started' | 'reused' | 'external';

export interface InfraHandle {
  brokers: string[];
  /** Superuser URL of the server's `postgres` database. */
  adminUrl: string;
  kafkaSource: InfraSource;
  postgresSource: InfraSource;
  /** The broker and server this call started (source 'started'), for the supervisor to watch. */
  kafka?: KafkaHandle;
  postgres?: PostgresHandle;
  /** Milliseconds per step, for the figures the CLI prints. */
  timings: {
    kafkaMs: number;
    kafkaFetchMs: number;
    kafkaFormatMs: number;
    postgresMs: number;
    postgresInitMs: number;
  };
}

type Log = (line: string) => void;

/** Kafka's directory inside the sandbox data dir. */
export const kafkaDir = (config: SandboxConfig) => join(config.dataDir, 'kafka');
/** PostgreSQL's cluster directory inside the sandbox data dir. */
export const postgresDir = (config: SandboxConfig) => join(config.dataDir, 'postgres');
/** The log directory inside the sandbox data dir. */
export const logDir = (config: SandboxConfig) => join(config.dataDir, 'logs');

async function ensureKafka(config: SandboxConfig, owner: ProcessOwner, log: Log) {
  const timings = { kafkaMs: 0, kafkaFetchMs: 0, kafkaFormatMs: 0 };
  if (config.kafka.brokersFromEnv) {
    await waitForKafka(config.kafka.brokersFromEnv, { timeoutMs: 15_000 });
    return { brokers: config.kafka.brokersFromEnv, source: 'external' as const, timings };
  }
  const brokers = [`127.0.0.1:${config.kafka.port}`];
  const recorded = readState(config.dataDir).kafka;
  if (recorded && isOurProcess(recorded.pid, recorded.marker)) {
    const healthy =
      recorded.port === config.kafka.port &&
      (await waitForKafka(brokers, { timeoutMs: 10_000 }).then(
        () => true,
        () => false,
      ));
    if (healthy) return { brokers, source: 'reused' as const, timings };
    log(
      `Kafka from an earlier start (pid ${recorded.pid}) is not healthy on port ${config.kafka.port}; restarting it`,
    );
    await stopProcess(recorded.pid, { timeoutMs: 30_000 });
  }
  updateState(config.dataDir, (state) => delete state.kafka);
  const started = Date.now();
  const kafka = await launchKafka(config, owner, log);
  timings.kafkaMs = Date.now() - started;
  timings.kafkaFetchMs = kafka.timings.fetchMs;
  timings.kafkaFormatMs = kafka.timings.formatMs;
  return { brokers, source: 'started' as const, timings, handle: kafka };
}

/** Starts the sandbox's broker on its data and records it in state.json (also to restart it). */
export function launchKafka(config: SandboxConfig, owner: ProcessOwner, log: Log): Promise<KafkaHandle> {
  return startKafka({
    port: config.kafka.port,
    controllerPort: config.kafka.controllerPort,
    dataDir: kafkaDir(config),
    cacheDir: config.cacheDir,
    repoRoot: config.repoRoot,
    log,
    onSpawned: (pid, logFile) =>
      updateState(config.dataDir, (state) => {
        state.kafka = {
          pid,
          marker: KAFKA_PROCESS_MARKER,
          port: config.kafka.port,
          controllerPort: config.kafka.controllerPort,
          logFile,
          owner,
        };
      }),
  });
}

async function ensurePostgres(config: SandboxConfig, owner: ProcessOwner) {
  const timings = { postgresMs: 0, postgresInitMs: 0 };
  if (config.postgres.urlFromEnv) {
    const url = config.postgres.urlFromEnv;
    await waitFor(() => probePostgres(url), {
      description: 'the PostgreSQL server of DATABASE_URL',
      timeoutMs: 15_000,
    });
    return { adminUrl: url, source: 'external' as const, timings };
  }
  const recorded = readState(config.dataDir).postgres;
  if (recorded && isOurProcess(recorded.pid, recorded.marker)) {
    if (recorded.port === config.postgres.port && (await probePostgres(recorded.url).catch(() => false))) {
      return { adminUrl: recorded.url, source: 'reused' as const, timings };
    }
    await stopProcess(recorded.pid, { signal: 'SIGINT', timeoutMs: 20_000 });
  }
  updateState(config.dataDir, (state) => delete state.postgres);
  const started = Date.now();
  const postgres = await launchPostgres(config, owner);
  timings.postgresMs = Date.now() - started;
  timings.postgresInitMs = postgres.timings.initMs;
  return { adminUrl: postgres.url, source: 'started' as const, timings, handle: postgres };
}

/** Starts the sandbox's PostgreSQL on its cluster and records it in state.json (also to restart it). */
export function launchPostgres(config: SandboxConfig, owner: ProcessOwner): Promise<PostgresHandle> {
  const url = `postgres://${encodeURIComponent(config.postgres.user)}:${encodeURIComponent(config.postgres.password)}@127.0.0.1:${config.postgres.port}/postgres`;
  return startPostgres({
    port: config.postgres.port,
    dataDir: postgresDir(config),
    user: config.postgres.user,
    password: config.postgres.password,
    onSpawned: (pid, logFile) =>
      updateState(config.dataDir, (state) => {
        state.postgres = {
          pid,
          marker: POSTGRES_PROCESS_MARKER,
          port: config.postgres.port,
          url,
          logFile,
          owner,
        };
      }),
  });
}

/**
 * Makes Kafka and PostgreSQL available: the servers named by KAFKA_BROKERS / DATABASE_URL, or the ones
 * an earlier start left running (if healthy), or freshly started ones (recorded in state.json).
 * Then creates the contract topics and each service's database.
 */
export async function ensureInfra(
  config: SandboxConfig,
  owner: ProcessOwner,
  log: Log,
): Promise<InfraHandle> {
  const [kafka, postgres] = await Promise.allSettled([
    ensureKafka(config, owner, log),
    ensurePostgres(config, owner),
  ]);
  if (kafka.status === 'rejected' || postgres.status === 'rejected') {
    // Leave nothing half-started behind: whatever did start is stopped again.
    await stopRecordedInfra(config, () => undefined, owner);
    const reasons = [kafka, postgres].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    throw new Error(reasons.map((r) => (r.reason as Error).message).join('\n\n'));
  }
  await createTopicsFromContracts(kafka.value.brokers, config.contractsDir);
  await ensureDatabases(postgres.value.adminUrl, [
    ...new Set(config.services.map((service) => service.database)),
  ]);
  return {
    brokers: kafka.value.brokers,
    adminUrl: postgres.value.adminUrl,
    kafkaSource: kafka.value.source,
    postgresSource: postgres.value.source,
    ...('handle' in kafka.value ? { kafka: kafka.value.handle } : {}),
    ...('handle' in postgres.value ? { postgres: postgres.value.handle } : {}),
    timings: { ...kafka.value.timings, ...postgres.value.timings },
  };
}

/**
 * Stops the Kafka and PostgreSQL processes recorded in state.json (only those of `owner` when given)
 * and forgets them. Idempotent: returns the names of what it stopped.
 */
export async function stopRecordedInfra(
  config: SandboxConfig,
  log: Log,
  owner?: ProcessOwner,
): Promise<string[]> {
  const state = readState(config.dataDir);
  const stopped: string[] = [];
  const jobs: Array<Promise<void>> = [];
  if (state.kafka && (!owner || state.kafka.owner === owner)) {
    const { pid, marker } = state.kafka;
    jobs.push(
      (async () => {
        if (isOurProcess(pid, marker)) {
          log(`Stopping Kafka (pid ${pid})...`);
          await stopProcess(pid, { signal: 'SIGTERM', timeoutMs: 30_000 });
          stopped.push('kafka');
        }
        // Only the record we stopped: a start running meanwhile may have recorded a new broker.
        updateState(config.dataDir, (s) => {
          if (s.kafka?.pid === pid) delete s.kafka;
        });
      })(),
    );
  }
  if (state.postgres && (!owner || state.postgres.owner === owner)) {
    const { pid, marker } = state.postgres;
    jobs.push(
      (async () => {
        if (isOurProcess(pid, marker)) {
          log(`Stopping PostgreSQL (pid ${pid})...`);
          await stopProcess(pid, { signal: 'SIGINT', timeoutMs: 20_000 });
          stopped.push('postgres');
        }
        updateState(config.dataDir, (s) => {
          if (s.postgres?.pid === pid) delete s.postgres;
        });
      })(),
    );
  }
  await Promise.all(jobs);
  return stopped;
}

/** One line of `status`. */
export interface ComponentStatus {
  name: string;
  state: 'running' | 'not answering' | 'restarting' | 'stopped' | 'external' | 'external, not answering';
  pid?: number;
  address: string;
  /** Set when the supervisor restarted it during this run. */
  restarts?: RestartRecord;
}

function restartsOf(state: SandboxState, name: 'kafka' | 'postgres'): { restarts?: RestartRecord } {
  const restarts = state.restarts && Object.hasOwn(state.restarts, name) ? state.restarts[name] : undefined;
  return restarts ? { restarts } : {};
}

/** Whether the recorded (or external) Kafka and PostgreSQL are alive and answering on their ports. */
export async function infraStatus(config: SandboxConfig): Promise<ComponentStatus[]> {
  const state = readState(config.dataDir);
  // A dead process that a running supervisor started is being restarted, not stopped.
  const supervised = liveSupervisor(state) !== undefined;
  const down = (owner: ProcessOwner | undefined) =>
    supervised && owner === 'sandbox' ? ('restarting' as const) : ('stopped' as const);
  const rows: ComponentStatus[] = [];
  if (config.kafka.brokersFromEnv) {
    const [host, port] = (config.kafka.brokersFromEnv[0] as string).split(':');
    const up = await isPortAnswering(Number(port), host);
    rows.push({
      name: 'kafka',
      state: up ? 'external' : 'external, not answering',
      address: config.kafka.brokersFromEnv.join(','),
    });
  } else {
    const alive = state.kafka && isOurProcess(state.kafka.pid, state.kafka.marker);
    const port = state.kafka?.port ?? config.kafka.port;
    const up = alive && (await isPortAnswering(port));
    rows.push({
      name: 'kafka',
      state: up ? 'running' : alive ? 'not answering' : down(state.kafka?.owner),
      ...(alive && state.kafka ? { pid: state.kafka.pid } : {}),
      address: `127.0.0.1:${port}`,
      ...restartsOf(state, 'kafka'),
    });
  }
  if (config.postgres.urlFromEnv) {
    const url = new URL(config.postgres.urlFromEnv);
    const up = await isPortAnswering(Number(url.port || 5432), url.hostname);
    rows.push({
      name: 'postgres',
      state: up ? 'external' : 'external, not answering',
      address: `${url.hostname}:${url.port || 5432}`,
    });
  } else {
    const alive = state.postgres && isOurProcess(state.postgres.pid, state.postgres.marker);
    const port = state.postgres?.port ?? config.postgres.port;
    const up = alive && state.postgres && (await probePostgres(state.postgres.url).catch(() => false));
    rows.push({
      name: 'postgres',
      state: up ? 'running' : alive ? 'not answering' : down(state.postgres?.owner),
      ...(alive && state.postgres ? { pid: state.postgres.pid } : {}),
      address: `127.0.0.1:${port}`,
      ...restartsOf(state, 'postgres'),
    });
  }
  return rows;
}
