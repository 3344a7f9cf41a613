import { parseBrokers } from '@dpi/local-infra';

import { isDockerAvailable, startDockerInfrastructure } from './docker-infrastructure';
import { StartedInfrastructure } from './infrastructure.types';
import { startLocalInfrastructure } from './local-infrastructure';

/**
 * Kafka and PostgreSQL for a test run, from the first source that works: KAFKA_BROKERS + DATABASE_URL
 * when set; else containers when a Docker engine answers; else local processes (Kafka jars, embedded
 * PostgreSQL). DPI_TEST_INFRA=docker|local forces one. Throws saying why when none works; never skips.
 */
export async function startTestInfrastructure(
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartedInfrastructure> {
  if (env.KAFKA_BROKERS || env.DATABASE_URL) {
    if (!env.KAFKA_BROKERS || !env.DATABASE_URL) {
      throw new Error(
        `Set both KAFKA_BROKERS and DATABASE_URL to use existing servers, or neither (only ${env.KAFKA_BROKERS ? 'KAFKA_BROKERS' : 'DATABASE_URL'} is set)`,
      );
    }
    return {
      source: 'environment',
      kafkaBrokers: parseBrokers(env.KAFKA_BROKERS),
      databaseUrl: env.DATABASE_URL,
      stop: async () => undefined,
    };
  }
  const forced = env.DPI_TEST_INFRA;
  if (forced && forced !== 'docker' && forced !== 'local')
    throw new Error(`DPI_TEST_INFRA must be "docker" or "local", got "${forced}"`);
  if (forced === 'docker' || (forced === undefined && (await isDockerAvailable()))) {
    try {
      return await startDockerInfrastructure();
    } catch (error) {
      throw new Error(
        `A Docker engine answered, but starting Kafka and PostgreSQL containers failed: ${(error as Error).message}`,
      );
    }
  }
  try {
    return await startLocalInfrastructure();
  } catch (error) {
    throw new Error(
      'No test infrastructure: KAFKA_BROKERS/DATABASE_URL are not set, no Docker engine answered, and starting ' +
        `local Kafka and PostgreSQL processes failed:\n${(error as Error).message}`,
    );
  }
}
