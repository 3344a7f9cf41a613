// Test infrastructure: Kafka and PostgreSQL for integration tests, and small helpers to use them.
export { startTestInfrastructure } from './infrastructure/test-infrastructure';
export type { InfrastructureSource, StartedInfrastructure } from './infrastructure/infrastructure.types';
export { createTestDatabase, dropTestDatabase, uniqueDatabaseName } from '@dpi/local-infra';
export type { TestDatabase } from '@dpi/local-infra';
export { createTestKafka, createTopic, uniqueTopic } from './test-kafka.util';
export { testDatabaseUrl, testKafkaBrokers } from '@dpi/local-infra';
export { eventually, pollUntil } from './poll.util';
export type { PollOptions } from './poll.util';
export { startCrashableKafka } from './crashable-kafka';
export type { CrashableKafka } from './crashable-kafka';
