import type { DataSource } from 'typeorm';

import { StartupError } from '../bootstrap/startup.error';

/**
 * Refuses a database that another service owns (a DATABASE_URL pointing at the wrong database would
 * otherwise mix two services' tables). A database without service_metadata is left alone.
 */
export async function assertDatabaseOwner(dataSource: DataSource, service: string): Promise<void> {
  const [table]: Array<{ name: string | null }> = await dataSource.query(
    `SELECT to_regclass('service_metadata')::text AS name`,
  );
  if (!table?.name) return;
  const rows: Array<{ value: string }> = await dataSource.query(
    `SELECT value FROM service_metadata WHERE key = 'service'`,
  );
  const owner = rows[0]?.value;
  if (owner !== undefined && owner !== service) {
    throw new StartupError(
      `DATABASE_URL points at the database of ${owner}, not ${service}; give ${service} its own database`,
    );
  }
}
