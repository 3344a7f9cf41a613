import { Client } from 'pg';

import { createTestDatabase, testDatabaseUrl } from '@dpi/local-infra';

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates an empty database that accepts queries, and drop() removes it', async () => {
    const database = await createTestDatabase('a_testdb');
    try {
      expect(new URL(database.url).pathname).toBe(`/${database.name}`);
      await query(database.url, 'CREATE TABLE t (id int PRIMARY KEY, note text)');
      await query(database.url, "INSERT INTO t VALUES (1, 'one')");
      expect(await query(database.url, 'SELECT id, note FROM t')).toEqual([{ id: 1, note: 'one' }]);
    } finally {
      await database.drop();
    }
    const left = await query(testDatabaseUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [
      database.name,
    ]);
    expect(left).toHaveLength(0);
  });

  it('drops a database even while a client is still connected to it', async () => {
    const database = await createTestDatabase('a_testdb_busy');
    const client = new Client({ connectionString: database.url });
    client.on('error', () => undefined);
    await client.connect();
    await database.drop();
    const left = await query(testDatabaseUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [
      database.name,
    ]);
    expect(left).toHaveLength(0);
    await client.end().catch(() => undefined);
  });
});
