// Test infrastructure: Kafka and PostgreSQL for integration tests, and small helpers to use them.
export { startTestInfrastructure } from './infrastructure/test-infrastructure';
export type { InfrastructureSource, StartedInfrastructure } from './infrastructure/infrastructure.types';
export { createTestDatabase, dropTestDatabase, uniqueDatabaseName } from './test-database.util';
export type { TestDatabase } from './test-database.util';
export { createTestKafka, createTopic, uniqueTopic } from './test-kafka.util';
export { testDatabaseUrl, testKafkaBrokers } from './test-env.util';
