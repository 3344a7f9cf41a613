import { Client } from 'pg';

import { createTestDatabase, createTopic, uniqueTopic } from '@dpi/testing';

import { createServiceApp, type RunningService } from '../bootstrap/create-service-app';
import type { ServiceDefinition } from '../bootstrap/service-definition';
import type { BaseConfig } from '../config/base-config.schema';
import { loadOpenApiDocument } from '../openapi/openapi-document.loader';
import { OpenApiResponseValidator } from './openapi-response.validator';

/** A service's real app for one spec file, on a fresh database of the test run's PostgreSQL. */
export interface ServiceUnderTest<C extends BaseConfig> {
  service: RunningService<C>;
  url: string;
  /** The repository's contracts/ folder, as the service resolved it. */
  contractsDir: string;
  /** The service's OpenAPI contract, to check answers against. */
  contract: OpenApiResponseValidator;
  /** Raw SQL on the service's database, on a connection of its own. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Closes the app and drops its database. */
  close(): Promise<void>;
}

/**
 * Starts `definition` as its integration specs need it: a new database, the run's Kafka, logs silent
 * (TEST_LOG_LEVEL overrides), an ephemeral port, and a lifecycle topic of its own so that this
 * instance's announcements reach no other suite's services; `env` adds or overrides variables.
 */
export async function startServiceUnderTest<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  env: Record<string, string> = {},
): Promise<ServiceUnderTest<C>> {
  const prefix = definition.name
    .split('-')
    .map((word) => word[0])
    .join('');
  const database = await createTestDatabase(`${prefix}_test`);
  const lifecycleTopic = uniqueTopic(`test.lifecycle.${definition.name}`);
  await createTopic(lifecycleTopic);
  let service: RunningService<C>;
  try {
    service = (await createServiceApp(definition, {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      LIFECYCLE_TOPIC: lifecycleTopic,
      ...env,
    })) as RunningService<C>;
  } catch (error) {
    await database.drop();
    throw error;
  }
  const contract = new OpenApiResponseValidator(
    (await loadOpenApiDocument(service.context.contractsDir, definition.name)) as unknown as Record<
      string,
      unknown
    >,
  );
  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  return {
    service,
    url: service.url,
    contractsDir: service.context.contractsDir,
    contract,
    sql,
    close: async () => {
      await service.close();
      await database.drop();
    },
  };
}
