import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findRepoRoot } from './config/repo-root.util';
import { startKafka } from './kafka/kafka-broker';
import { startPostgres } from './postgres/postgres-server';
import { findFreePort } from './process/port-check.util';

describe('local Kafka and PostgreSQL processes refuse taken ports before starting anything', () => {
  let blocker: Server;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'a-ports-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
  chmodSync(dir, 0o755);

  beforeAll(async () => {
    port = await findFreePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('Kafka names SANDBOX_KAFKA_PORT', async () => {
    const options = {
      port,
      controllerPort: await findFreePort(),
      dataDir: join(dir, 'kafka'),
      cacheDir: join(dir, 'cache'),
      repoRoot: findRepoRoot(__dirname),
    };
    await expect(startKafka(options)).rejects.toThrow(
      `Port ${port} (Kafka) is already in use on 127.0.0.1. Stop whatever uses it, or choose another port with SANDBOX_KAFKA_PORT=<port>.`,
    );
  });

  it('Kafka names SANDBOX_KAFKA_CONTROLLER_PORT for the controller port', async () => {
    const options = {
      port: await findFreePort(),
      controllerPort: port,
      dataDir: join(dir, 'kafka'),
      cacheDir: join(dir, 'cache'),
      repoRoot: findRepoRoot(__dirname),
    };
    await expect(startKafka(options)).rejects.toThrow(/SANDBOX_KAFKA_CONTROLLER_PORT=<port>/);
  });

  it('PostgreSQL names SANDBOX_POSTGRES_PORT', async () => {
    await expect(startPostgres({ port, dataDir: join(dir, 'postgres') })).rejects.toThrow(
      /Port \d+ \(PostgreSQL\) is already in use.*SANDBOX_POSTGRES_PORT=<port>/,
    );
  });
});
