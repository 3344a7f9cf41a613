import { Client } from 'pg';

/** Each service's own database (services never share one). */
export const SERVICE_DATABASES: Readonly<Record<string, string>> = {
  'identity-registry': 'identity_registry',
  'payment-switch': 'payment_switch',
  'data-exchange-gateway': 'data_exchange_gateway',
};

/** The URL of database `database` on the server of `adminUrl` (same user, password, host and options). */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The URL with its password replaced by `***`, for printing. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/** Creates each database that does not exist yet on the server of `adminUrl` (idempotent, safe when run concurrently). */
export async function ensureDatabases(adminUrl: string, names: string[]): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) continue;
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
      }
    }
  } finally {
    await client.end();
  }
}

/**
 * Creates the per-service databases (optionally name-prefixed, e.g. for tests on a shared server) and
 * returns each service's DATABASE_URL by service name.
 */
export async function ensureServiceDatabases(
  adminUrl: string,
  options: { prefix?: string; services?: string[] } = {},
): Promise<Record<string, string>> {
  const services = options.services ?? Object.keys(SERVICE_DATABASES);
  const names = services.map((service) => {
    const database = SERVICE_DATABASES[service];
    if (!database)
      throw new Error(`Unknown service "${service}"; known: ${Object.keys(SERVICE_DATABASES).join(', ')}`);
    return `${options.prefix ?? ''}${database}`;
  });
  await ensureDatabases(adminUrl, names);
  return Object.fromEntries(
    services.map((service, i) => [service, databaseUrl(adminUrl, names[i] as string)]),
  );
}
