import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

import { databaseUrl } from '../postgres/service-databases';

import { testDatabaseUrl } from './test-env.util';

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** A database name from `prefix` plus a random suffix, within PostgreSQL's 63-byte limit. */
export function uniqueDatabaseName(prefix: string): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 40);
  return `${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops a database by name on the server of `adminUrl` (no error when it is gone already). */
export async function dropTestDatabase(name: string, adminUrl: string = testDatabaseUrl()): Promise<void> {
  await withAdmin(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

/** Creates a fresh, empty database named after `prefix` and returns its URL and a drop(). */
export async function createTestDatabase(
  prefix: string,
  adminUrl: string = testDatabaseUrl(),
): Promise<TestDatabase> {
  const name = uniqueDatabaseName(prefix);
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  return { name, url: databaseUrl(adminUrl, name), drop: () => dropTestDatabase(name, adminUrl) };
}
