import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { assertPortFree } from '../process/port-check.util';
import { errorWithLog, spawnDetached, stopProcess } from '../process/process-control';
import { assertJava } from './java-version.util';
import { ensureKafkaDistribution } from './kafka-distribution';
import { newClusterId, renderLog4j2Properties, renderServerProperties } from './kafka-properties';
import { waitForKafka } from './kafka-client.util';

export interface StartKafkaOptions {
  port: number;
  controllerPort: number;
  /** Broker state (`<dataDir>/data`) and generated config; the log goes to `<dataDir>/../logs/kafka.log`. */
  dataDir: string;
  cacheDir: string;
  repoRoot: string;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
  /** Called as soon as the JVM runs, so a caller can record the pid before the (long) readiness wait. */
  onSpawned?: (pid: number, logFile: string) => void;
}

export interface KafkaHandle {
  brokers: string[];
  pid: number;
  logFile: string;
  /** Milliseconds spent formatting storage (0 when it was already formatted) and waiting for the broker. */
  timings: { fetchMs: number; formatMs: number; readyMs: number };
  /** Why the JVM exited, once it has (while this process watched it). */
  exitDescription(): string | undefined;
  stop(): Promise<void>;
}

/** The command-line marker that identifies our broker's java process in /proc/<pid>/cmdline. */
export const KAFKA_PROCESS_MARKER = 'kafka.Kafka';

function runJava(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Starts a single-node Apache Kafka broker (KRaft, broker + controller in one JVM) detached in its own
 * process group: fetches the jars once, formats storage on first use, waits until it answers.
 */
export async function startKafka(options: StartKafkaOptions): Promise<KafkaHandle> {
  assertJava(17);
  await assertPortFree(options.port, 'Kafka', 'SANDBOX_KAFKA_PORT');
  await assertPortFree(options.controllerPort, 'Kafka controller', 'SANDBOX_KAFKA_CONTROLLER_PORT');
  const fetchStarted = Date.now();
  const libs = await ensureKafkaDistribution({
    cacheDir: options.cacheDir,
    repoRoot: options.repoRoot,
    ...(options.log ? { log: options.log } : {}),
  });
  const fetchMs = Date.now() - fetchStarted;
  const classpath = join(libs, '*');

  const logDir = join(dirname(options.dataDir), 'logs');
  const logFile = join(logDir, 'kafka.log');
  const storageDir = join(options.dataDir, 'data');
  mkdirSync(logDir, { recursive: true });
  mkdirSync(storageDir, { recursive: true });
  const propertiesFile = join(options.dataDir, 'server.properties');
  const log4jFile = join(options.dataDir, 'log4j2.properties');
  writeFileSync(
    propertiesFile,
    renderServerProperties({
      port: options.port,
      controllerPort: options.controllerPort,
      logDir: storageDir,
    }),
  );
  writeFileSync(log4jFile, renderLog4j2Properties(logFile));
  const log4jFlag = `-Dlog4j2.configurationFile=${log4jFile}`;

  let formatMs = 0;
  if (!existsSync(join(storageDir, 'meta.properties'))) {
    const formatStarted = Date.now();
    // A fixed quorum (controller.quorum.voters) is formatted without --standalone.
    const result = await runJava(
      [
        log4jFlag,
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        newClusterId(randomBytes),
        '-c',
        propertiesFile,
      ],
      options.dataDir,
    );
    if (result.code !== 0)
      throw new Error(`Formatting Kafka storage in ${storageDir} failed:\n${result.output.trim()}`);
    formatMs = Date.now() - formatStarted;
  }

  const readyStarted = Date.now();
  const broker = spawnDetached(
    'java',
    [
      '-Xms256m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      log4jFlag,
      '-cp',
      classpath,
      KAFKA_PROCESS_MARKER,
      propertiesFile,
    ],
    { cwd: options.dataDir, env: process.env, logFile },
  );
  options.onSpawned?.(broker.pid, logFile);
  const brokers = [`127.0.0.1:${options.port}`];
  const stop = async () => {
    await stopProcess(broker.pid, { signal: 'SIGTERM', timeoutMs: 30_000 });
  };
  try {
    await waitForKafka(brokers, {
      timeoutMs: options.readyTimeoutMs ?? 60_000,
      abortIf: broker.exitDescription,
    });
  } catch (error) {
    await stop();
    throw errorWithLog((error as Error).message, logFile);
  }
  return {
    brokers,
    pid: broker.pid,
    logFile,
    timings: { fetchMs, formatMs, readyMs: Date.now() - readyStarted },
    exitDescription: broker.exitDescription,
    stop,
  };
}
