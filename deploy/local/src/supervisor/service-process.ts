import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

import { ServiceDefinition } from '../config/sandbox-config';
import { assertPortFree } from '../process/port-check.util';
import { errorWithLog, spawnDetached, stopProcess } from '../process/process-control';
import { waitFor } from '../process/wait-for.util';

export interface ServiceHandle {
  name: string;
  pid: number;
  port: number;
  url: string;
  logFile: string;
  /** Why it exited, if it has exited while we watched. */
  exitDescription(): string | undefined;
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  repoRoot: string;
  logDir: string;
  databaseUrl: string;
  brokers: string[];
  readyTimeoutMs: number;
  /** More environment for this service (its signing key, the publish policy, the registry URL). */
  env?: Record<string, string>;
  onSpawned?: (pid: number, logFile: string) => void;
}

/** True when GET <url>/health/ready answers 200. */
export async function isServiceReady(baseUrl: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** How long a service gets between SIGTERM and SIGKILL. */
export const SERVICE_STOP_TIMEOUT_MS = 10_000;

/**
 * Starts one service as `node --enable-source-maps <entry>` in its own process group with PORT,
 * DATABASE_URL, KAFKA_BROKERS, LOG_LEVEL and NODE_ENV, its output in `<logDir>/<name>.log`, and waits
 * until /health/ready answers 200.
 */
export async function startService(
  service: ServiceDefinition,
  options: StartServiceOptions,
): Promise<ServiceHandle> {
  const entry = isAbsolute(service.entry) ? service.entry : join(options.repoRoot, service.entry);
  if (!existsSync(entry)) {
    throw new Error(`${service.name} is not built (${entry} is missing); run "npm run build" first`);
  }
  await assertPortFree(service.port, service.name, service.portVariable);
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${service.name}.log`);
  // kafkajs 2.2.4 schedules a negative timeout when not throttled (kafkajs issue 1751): harmless, but
  // Node warns on every occurrence and would flood the service log.
  const child = spawnDetached(
    process.execPath,
    ['--enable-source-maps', '--disable-warning=TimeoutNegativeWarning', entry],
    {
      cwd: options.repoRoot,
      logFile,
      logFlags: 'w',
      env: {
        ...process.env,
        PORT: String(service.port),
        DATABASE_URL: options.databaseUrl,
        KAFKA_BROKERS: options.brokers.join(','),
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
        ...options.env,
      },
    },
  );
  options.onSpawned?.(child.pid, logFile);
  const url = `http://127.0.0.1:${service.port}`;
  const stop = async () => {
    await stopProcess(child.pid, { signal: 'SIGTERM', timeoutMs: SERVICE_STOP_TIMEOUT_MS });
  };
  try {
    await waitFor(() => isServiceReady(url), {
      description: `${service.name} to answer ${url}/health/ready with 200`,
      timeoutMs: options.readyTimeoutMs,
      intervalMs: 300,
      abortIf: () => child.exitDescription() && `${service.name} ${child.exitDescription()}`,
    });
  } catch (error) {
    await stop();
    throw errorWithLog((error as Error).message, logFile);
  }
  return {
    name: service.name,
    pid: child.pid,
    port: service.port,
    url,
    logFile,
    exitDescription: child.exitDescription,
    stop,
  };
}
