import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';

/** What a service hands the kit about its database: its migration classes and entities. */
export interface ServiceDatabaseDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities?: MixedList<Function | string | EntitySchema>;
}

/**
 * The TypeORM options of a service's own database: real migrations, run at start-up, never
 * `synchronize`. The migrations table is named so that a shared server shows whose it is.
 */
export function createDataSourceOptions(
  url: string,
  database: ServiceDatabaseDefinition,
  applicationName?: string,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: database.entities ?? [],
    migrations: database.migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    ...(applicationName ? { applicationName } : {}),
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  };
}

/**
 * A DataSource for the TypeORM CLI (`typeorm -d dist/services/<name>/src/data-source.js migration:run`),
 * reading DATABASE_URL from the environment.
 */
export function createCliDataSource(
  database: ServiceDatabaseDefinition,
  env: NodeJS.ProcessEnv = process.env,
): DataSource {
  const url = env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_URL is missing: expected a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/database',
    );
  return new DataSource({ ...createDataSourceOptions(url, database), migrationsRun: false });
}
