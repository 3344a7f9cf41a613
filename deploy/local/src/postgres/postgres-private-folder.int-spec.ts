import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

import { findFreePort } from '../process/port-check.util';
import { removePostgresData } from './postgres-layout';
import { PostgresHandle, postgresBinDir, startPostgres } from './postgres-server';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

// A clone inside a folder only its owner may enter, as /root is: as root, PostgreSQL runs as the
// unprivileged postgres user, which can reach neither the binaries nor the data folder there.
describe('PostgreSQL from a clone in a private (0700) folder', () => {
  const privateDir = mkdtempSync(join(tmpdir(), 'a-private-'));
  chmodSync(privateDir, 0o700);
  // The layout of a clone: the embedded binaries under node_modules, the cluster under .sandbox/.
  const binDir = join(privateDir, 'clone', 'native', 'bin');
  cpSync(dirname(postgresBinDir()), dirname(binDir), { recursive: true, verbatimSymlinks: true });
  const dataDir = join(privateDir, 'clone', '.sandbox', 'postgres');
  let server: PostgresHandle | undefined;

  afterAll(async () => {
    await server?.stop();
    removePostgresData(dataDir);
    rmSync(privateDir, { recursive: true, force: true });
  }, 60_000);

  it('starts, keeps its cluster across a restart, and a wipe removes the cluster wherever it is', async () => {
    const port = await findFreePort();
    server = await startPostgres({ port, dataDir, binDir, password: 'private' });
    await query(server.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)');
    if (process.getuid?.() === 0) {
      // The cluster moved where the postgres user can reach it; the configured path links to it.
      expect(server.relocatedBecause).toBe(privateDir);
      expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
      expect(readlinkSync(dataDir)).toBe(server.dataDir);
    } else {
      expect(server.dataDir).toBe(dataDir);
    }
    await server.stop();
    server = await startPostgres({ port, dataDir, binDir, password: 'private' });
    await expect(query(server.url, 'SELECT id FROM kept')).resolves.toEqual([{ id: 7 }]);
    const clusterDir = server.dataDir;
    await server.stop();
    server = undefined;

    removePostgresData(dataDir);
    expect(existsSync(clusterDir)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);
});
