import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  findFreePort,
  findRepoRoot,
  KafkaHandle,
  PostgresHandle,
  startKafka,
  startPostgres,
} from '@dpi/local-infra';

import { StartedInfrastructure } from './infrastructure.types';

/** Starts a real Kafka broker and PostgreSQL server as local processes on free ports in a temp folder. */
export async function startLocalInfrastructure(): Promise<StartedInfrastructure> {
  const repoRoot = findRepoRoot(__dirname);
  const root = mkdtempSync(join(tmpdir(), 'dpi-test-infra-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to enter this folder.
  chmodSync(root, 0o755);
  const [kafkaPort, controllerPort, postgresPort] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  const [kafka, postgres] = await Promise.allSettled([
    startKafka({
      port: kafkaPort,
      controllerPort,
      dataDir: join(root, 'kafka'),
      cacheDir: process.env.DPI_CACHE_DIR || join(repoRoot, '.cache'),
      repoRoot,
    }),
    startPostgres({
      port: postgresPort,
      dataDir: join(root, 'postgres'),
      password: 'test',
      // A throw-away cluster: durability costs time and buys nothing here.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    }),
  ]);
  const handles = [kafka, postgres].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async () => {
    await Promise.all(handles.map((handle) => handle.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  if (kafka.status === 'rejected' || postgres.status === 'rejected') {
    await stop();
    const reasons = [kafka, postgres].flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as Error).message] : [],
    );
    throw new Error(reasons.join('\n'));
  }
  return {
    source: 'local-processes',
    kafkaBrokers: (kafka as PromiseFulfilledResult<KafkaHandle>).value.brokers,
    databaseUrl: (postgres as PromiseFulfilledResult<PostgresHandle>).value.url,
    stop,
  };
}
