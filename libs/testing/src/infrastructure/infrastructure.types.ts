/** Where the test run's Kafka and PostgreSQL come from. */
export type InfrastructureSource = 'environment' | 'testcontainers' | 'local-processes';

/** Kafka and PostgreSQL for a test run, with a stop() for whatever was started. */
export interface StartedInfrastructure {
  source: InfrastructureSource;
  kafkaBrokers: string[];
  /** A superuser URL (database `postgres`); tests create their own databases from it. */
  databaseUrl: string;
  stop(): Promise<void>;
}
