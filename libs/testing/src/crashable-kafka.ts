import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findFreePort, findRepoRoot, isProcessAlive, startKafka, type KafkaHandle } from '@dpi/local-infra';

/** A Kafka broker of one test's own, which the test may SIGKILL and start again on the same ports and data. */
export interface CrashableKafka {
  brokers: string[];
  /** SIGKILLs the broker (no shutdown, as a crash or an OOM kill) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts the broker again on the same ports and data folder, and waits until it answers. */
  restart(): Promise<void>;
  /** Stops the broker (if running) and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts a dedicated single-node broker on free ports, so that killing it breaks no other test (the run's
 * shared broker stays up). Slow: one JVM start per `restart()`.
 */
export async function startCrashableKafka(): Promise<CrashableKafka> {
  const repoRoot = findRepoRoot(__dirname);
  const root = mkdtempSync(join(tmpdir(), 'dpi-crashable-kafka-'));
  let ports = { port: 0, controllerPort: 0 };
  let dataDir = '';
  const start = () =>
    startKafka({
      ...ports,
      dataDir,
      cacheDir: process.env.DPI_CACHE_DIR || join(repoRoot, '.cache'),
      repoRoot,
    });
  let handle: KafkaHandle | undefined;
  // A free port may be taken by another process before the JVM binds it (tests run in parallel):
  // the first start tries fresh ports and a fresh folder a few times. restart() keeps them.
  for (let attempt = 1; !handle; attempt++) {
    ports = { port: await findFreePort(), controllerPort: await findFreePort() };
    dataDir = join(root, `kafka-${attempt}`);
    try {
      handle = await start();
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test(String(error))) {
        rmSync(root, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const brokers = handle.brokers;
  return {
    brokers,
    kill: async () => {
      if (!handle) return;
      const { pid } = handle;
      handle = undefined;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        process.kill(pid, 'SIGKILL');
      }
      while (isProcessAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    restart: async () => {
      if (handle) throw new Error('the broker is running');
      handle = await start();
    },
    stop: async () => {
      await handle?.stop();
      handle = undefined;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
