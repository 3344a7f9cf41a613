import { existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAbsolute, join, parse, relative, resolve } from 'node:path';

import { SandboxConfig } from '../config/sandbox-config';
import { assertPortFree } from '../process/port-check.util';
import { isOurProcess, stopProcess } from '../process/process-control';
import { ensureSandboxKeys } from '../keys/sandbox-keys';
import { ensureRegistrySecrets, type RegistrySecrets } from '../keys/sandbox-secrets';
import { removePostgresData } from '../postgres/postgres-layout';
import { databaseUrl } from '../postgres/service-databases';
import {
  ComponentStatus,
  ensureInfra,
  InfraHandle,
  infraStatus,
  launchKafka,
  launchPostgres,
  logDir,
  postgresDir,
  stopRecordedInfra,
} from './infra-manager';
import { KeepAlive, keepAlive, KeepAliveTarget } from './keep-alive';
import { ProcessOwner, ProcessRecord, readState, updateState } from './sandbox-state';
import {
  isServiceReady,
  SERVICE_STOP_TIMEOUT_MS,
  ServiceHandle,
  StartServiceOptions,
  startService,
} from './service-process';
import { liveSupervisor, stopRecordedSupervisor } from './supervisor-record';

type Log = (line: string) => void;

export interface StartSandboxOptions {
  /** Wipe the data dir (Kafka, Postgres, logs; not the jar cache) first. */
  reset?: boolean;
  /** Start Kafka and PostgreSQL only. */
  infraOnly?: boolean;
  /** `infra` when the infrastructure should outlive this run (`infra start`), else `sandbox`. */
  owner?: 'infra' | 'sandbox';
  /** Restart (with backoff) what this run started when it exits; default true. */
  keepAlive?: boolean;
  log?: Log;
}

export interface RunningSandbox {
  infra: InfraHandle;
  services: ServiceHandle[];
  elapsedMs: number;
  /** Stops the services and the infrastructure this run started (not infrastructure it reused from `infra start`). */
  stop(): Promise<void>;
}

const quiet: Log = () => undefined;

/** The identity registry's keystore, admin token, demo city seed and public URL in the local sandbox. */
function registryEnv(secrets: RegistrySecrets, port: number): Record<string, string> {
  return {
    KEYSTORE_DIR: secrets.keystoreDir,
    ADMIN_TOKEN: secrets.adminToken,
    DEMO_CITY_SEED: secrets.demoCitySeed,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
}

/** Every configured service's signing key and the publish policy naming their DIDs (created once, kept). */
export function ensureServiceKeys(config: SandboxConfig) {
  return ensureSandboxKeys(
    config.dataDir,
    config.contractsDir,
    config.services.map((service) => service.name),
  );
}

/** Stops the services recorded in state.json and forgets them; returns the names stopped. */
export async function stopRecordedServices(config: SandboxConfig, log: Log = quiet): Promise<string[]> {
  const { services } = readState(config.dataDir);
  const stopped = await Promise.all(
    Object.entries(services).map(async ([name, record]) => {
      const ours = isOurProcess(record.pid, record.marker);
      if (ours) {
        log(`Stopping ${name} (pid ${record.pid})...`);
        await stopProcess(record.pid, { signal: 'SIGTERM', timeoutMs: SERVICE_STOP_TIMEOUT_MS });
      }
      // Only the record we stopped: a start running meanwhile may have recorded a new process.
      updateState(config.dataDir, (state) => {
        if (state.services[name]?.pid === record.pid) delete state.services[name];
      });
      return ours ? name : undefined;
    }),
  );
  return stopped.filter((name): name is string => name !== undefined);
}

/** The recorded components whose process still runs. */
function runningComponents(config: SandboxConfig): string[] {
  const state = readState(config.dataDir);
  const services = Object.entries(state.services)
    .filter(([, record]) => isOurProcess(record.pid, record.marker))
    .map(([name]) => name);
  const infra = (['kafka', 'postgres'] as const).filter((name) => {
    const record = state[name];
    return record !== undefined && isOurProcess(record.pid, record.marker);
  });
  return [...services, ...infra];
}

/**
 * Stops everything a previous start left running: a supervisor still in the foreground first (else it
 * would restart what we stop), then services, then Kafka and PostgreSQL. Idempotent.
 */
export async function stopSandbox(config: SandboxConfig, log: Log = quiet): Promise<string[]> {
  const before = runningComponents(config);
  // A sandbox started in this very process (a test) stops being supervised first, like a foreground one.
  const watcher = inProcessWatchers.get(resolve(config.dataDir));
  inProcessWatchers.delete(resolve(config.dataDir));
  watcher?.cancel();
  const supervisor = await stopRecordedSupervisor(config, log);
  const services = await stopRecordedServices(config, log);
  const infra = await stopRecordedInfra(config, log);
  if (watcher) {
    // A restart under way may have spawned its process after that pass; it is recorded by then.
    await settledWithin(watcher, 15_000);
    services.push(...(await stopRecordedServices(config, log)));
    infra.push(...(await stopRecordedInfra(config, log)));
  }
  if (!supervisor) return [...new Set([...services, ...infra])];
  return ['supervisor', ...new Set([...before, ...services, ...infra])];
}

/** The supervision of each sandbox started by this process, by data dir (see stopSandbox). */
const inProcessWatchers = new Map<string, KeepAlive>();

function settledWithin(watcher: KeepAlive, ms: number): Promise<unknown> {
  return Promise.race([watcher.settled(), sleep(ms, undefined, { ref: false })]);
}

/** Deletes the sandbox data dir, refusing paths that could hold more than sandbox data. */
export function wipeDataDir(config: SandboxConfig): void {
  const dataDir = resolve(config.dataDir);
  const holdsRepoOrCache = [config.repoRoot, config.cacheDir].some(
    (path) => !relative(dataDir, resolve(path)).startsWith('..'),
  );
  if (dataDir === parse(dataDir).root || holdsRepoOrCache) {
    throw new Error(
      `Refusing to wipe ${dataDir}: it contains the repository or the download cache; set SANDBOX_DATA_DIR to a folder of its own`,
    );
  }
  // As root in a private folder the cluster lives elsewhere, behind a link (see resolvePostgresLayout).
  removePostgresData(postgresDir(config));
  if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Kafka and PostgreSQL to keep running: those this run started (our children, whose exit we see) and
 * those it reused from an earlier start (checked by pid); restarted for the owner they were recorded with.
 */
function infraTargets(
  config: SandboxConfig,
  infra: InfraHandle,
  owner: ProcessOwner,
  log: Log,
): KeepAliveTarget[] {
  const state = readState(config.dataDir);
  const reused = (record: ProcessRecord | undefined) =>
    record && {
      pid: record.pid,
      exitDescription: () => (isOurProcess(record.pid, record.marker) ? undefined : 'is gone'),
    };
  const kafka = infra.kafka ?? (infra.kafkaSource === 'reused' ? reused(state.kafka) : undefined);
  const postgres = infra.postgres ?? (infra.postgresSource === 'reused' ? reused(state.postgres) : undefined);
  const kafkaOwner = infra.kafka ? owner : (state.kafka?.owner ?? owner);
  const postgresOwner = infra.postgres ? owner : (state.postgres?.owner ?? owner);
  return [
    ...(kafka
      ? [{ name: 'kafka', current: kafka, restart: () => launchKafka(config, kafkaOwner, log) }]
      : []),
    ...(postgres
      ? [{ name: 'postgres', current: postgres, restart: () => launchPostgres(config, postgresOwner) }]
      : []),
  ];
}

/**
 * Starts (or reuses) Kafka and PostgreSQL, creates topics and databases, then starts every service and
 * waits until each answers /health/ready. On any failure it stops what it started and rethrows.
 */
export async function startSandbox(
  config: SandboxConfig,
  options: StartSandboxOptions = {},
): Promise<RunningSandbox> {
  const log = options.log ?? quiet;
  const owner = options.owner ?? 'sandbox';
  const started = Date.now();
  if (options.reset) {
    await stopSandbox(config, log);
    wipeDataDir(config);
    log(`Wiped ${config.dataDir}`);
  }
  // Services a killed foreground start left behind hold the ports we need.
  await stopRecordedServices(config, log);
  const services = options.infraOnly ? [] : config.services;
  for (const service of services) {
    const entry = isAbsolute(service.entry) ? service.entry : join(config.repoRoot, service.entry);
    if (!existsSync(entry))
      throw new Error(`${service.name} is not built (${entry} is missing); run "npm run build" first`);
    await assertPortFree(service.port, service.name, service.portVariable);
  }

  const infra = await ensureInfra(config, owner, log);
  // Keys and policy cover every configured service, even when only the infrastructure starts.
  const keys = await ensureServiceKeys(config);
  const registry = config.services.find((service) => service.name === 'identity-registry');
  const secrets = registry ? ensureRegistrySecrets(config.dataDir, config.cacheDir) : undefined;
  const stopStarted = async () => {
    await stopRecordedServices(config, log);
    await stopRecordedInfra(config, log, 'sandbox');
  };
  const serviceOptions = (service: SandboxConfig['services'][number]): StartServiceOptions => ({
    repoRoot: config.repoRoot,
    logDir: logDir(config),
    databaseUrl: databaseUrl(infra.adminUrl, service.database),
    brokers: infra.brokers,
    readyTimeoutMs: config.readyTimeoutMs,
    env: {
      SERVICE_KEY_FILE: keys.keyFiles[service.name] as string,
      PUBLISH_POLICY_FILE: keys.policyFile,
      ...(registry ? { IDENTITY_REGISTRY_URL: `http://127.0.0.1:${registry.port}` } : {}),
      ...(service.name === 'identity-registry' && secrets ? registryEnv(secrets, service.port) : {}),
    },
    onSpawned: (pid, logFile) =>
      updateState(config.dataDir, (state) => {
        state.services[service.name] = {
          pid,
          marker: service.entry,
          port: service.port,
          logFile,
          owner: 'sandbox',
        };
      }),
  });
  const results = await Promise.allSettled(
    services.map((service) => startService(service, serviceOptions(service))),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    await stopStarted();
    throw new Error(failures.map((failure) => (failure.reason as Error).message).join('\n\n'));
  }
  const handles = results.map((r) => (r as PromiseFulfilledResult<ServiceHandle>).value);
  if (options.keepAlive === false)
    return { infra, services: handles, elapsedMs: Date.now() - started, stop: stopStarted };

  const targets: KeepAliveTarget[] = handles.map((handle, i) => {
    const service = services[i] as SandboxConfig['services'][number];
    return {
      name: service.name,
      current: handle,
      restart: () => startService(service, serviceOptions(service)),
    };
  });
  targets.push(...infraTargets(config, infra, owner, log));
  const watcher = keepAlive(targets, {
    log,
    onExit: (name, exit) =>
      updateState(config.dataDir, (state) => {
        const restarts = state.restarts ?? {};
        const count = Object.hasOwn(restarts, name) ? (restarts[name]?.count ?? 0) : 0;
        state.restarts = { ...restarts, [name]: { count: count + 1, lastExit: exit } };
      }),
  });
  inProcessWatchers.set(resolve(config.dataDir), watcher);
  return {
    infra,
    services: handles,
    elapsedMs: Date.now() - started,
    stop: async () => {
      if (inProcessWatchers.get(resolve(config.dataDir)) === watcher)
        inProcessWatchers.delete(resolve(config.dataDir));
      watcher.cancel();
      await stopStarted();
      // A restart under way may spawn its process after that first pass; it is recorded by then.
      await settledWithin(watcher, 15_000);
      await stopStarted();
      await watcher.settled();
    },
  };
}

/**
 * What is running: the supervisor (while a foreground start runs), Kafka, PostgreSQL and each service
 * (process alive, port or /health/ready answering), with how often the supervisor restarted each.
 */
export async function sandboxStatus(config: SandboxConfig): Promise<ComponentStatus[]> {
  const state = readState(config.dataDir);
  const supervisor = liveSupervisor(state);
  const rows = await infraStatus(config);
  for (const service of config.services) {
    const record = Object.hasOwn(state.services, service.name) ? state.services[service.name] : undefined;
    const alive = record !== undefined && isOurProcess(record.pid, record.marker);
    const port = record?.port ?? service.port;
    const ready = alive && (await isServiceReady(`http://127.0.0.1:${port}`));
    const restarts =
      state.restarts && Object.hasOwn(state.restarts, service.name)
        ? state.restarts[service.name]
        : undefined;
    rows.push({
      name: service.name,
      state: ready ? 'running' : alive ? 'not answering' : record && supervisor ? 'restarting' : 'stopped',
      ...(alive && record ? { pid: record.pid } : {}),
      address: `http://127.0.0.1:${port}`,
      ...(restarts ? { restarts } : {}),
    });
  }
  if (supervisor) rows.unshift({ name: 'supervisor', state: 'running', pid: supervisor.pid, address: '-' });
  return rows;
}
