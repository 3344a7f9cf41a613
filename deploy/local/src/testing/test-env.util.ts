import { parseBrokers } from '../config/sandbox-config';

const HINT = 'run integration tests with jest.integration.config.js, whose global setup provides it';

/** The Kafka brokers of this test run (KAFKA_BROKERS). */
export function testKafkaBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env.KAFKA_BROKERS) throw new Error(`KAFKA_BROKERS is not set; ${HINT}`);
  return parseBrokers(env.KAFKA_BROKERS);
}

/** The PostgreSQL superuser URL of this test run (DATABASE_URL). */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.DATABASE_URL) throw new Error(`DATABASE_URL is not set; ${HINT}`);
  return env.DATABASE_URL;
}
