// Jest globalSetup of jest.integration.config.js: starts Kafka and PostgreSQL once per run, creates
// the contract topics and hands KAFKA_BROKERS / DATABASE_URL to the workers through process.env.
import './register-path-aliases';

import { join } from 'node:path';

import { createTopicsFromContracts } from '@dpi/local-infra';

import { startTestInfrastructure } from '../infrastructure/test-infrastructure';
import { StartedInfrastructure } from '../infrastructure/infrastructure.types';
import { findRepoRoot } from './repo-root.util';

/** Where the teardown finds what the setup started (both run in Jest's parent process). */
export const INFRASTRUCTURE_KEY = '__dpiTestInfrastructure';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const infrastructure = await startTestInfrastructure();
  (globalThis as Record<string, unknown>)[INFRASTRUCTURE_KEY] =
    infrastructure satisfies StartedInfrastructure;
  try {
    await createTopicsFromContracts(
      infrastructure.kafkaBrokers,
      join(findRepoRoot(__dirname), 'contracts', 'asyncapi'),
    );
  } catch (error) {
    await infrastructure.stop();
    throw error;
  }
  process.env.KAFKA_BROKERS = infrastructure.kafkaBrokers.join(',');
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  const url = new URL(infrastructure.databaseUrl);
  process.stdout.write(
    `\nTest infrastructure: ${infrastructure.source} (Kafka ${process.env.KAFKA_BROKERS}, PostgreSQL ${url.hostname}:${url.port}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
