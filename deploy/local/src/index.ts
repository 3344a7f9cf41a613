// Programmatic API of the local infrastructure (real Kafka and PostgreSQL without Docker), reused by
// libs/testing and by the `sandbox` CLI (cli.ts).
export { DEFAULT_SERVICES, loadSandboxConfig, parseBrokers, parsePort } from './config/sandbox-config';
export type { SandboxConfig, ServiceDefinition } from './config/sandbox-config';
export { findRepoRoot } from './config/repo-root.util';
export { KAFKA_PROCESS_MARKER, startKafka } from './kafka/kafka-broker';
export type { KafkaHandle, StartKafkaOptions } from './kafka/kafka-broker';
export { ensureKafkaDistribution, KAFKA_VERSION, kafkaLibsDir } from './kafka/kafka-distribution';
export { createQuietKafka, waitForKafka } from './kafka/kafka-client.util';
export {
  createTopicsFromContracts,
  DEAD_LETTER_SUFFIX,
  ensureTopics,
  extractTopicsFromAsyncApi,
  readContractTopics,
} from './kafka/contract-topics';
export type { TopicSpec } from './kafka/contract-topics';
export { renderLog4j2Properties, renderServerProperties } from './kafka/kafka-properties';
export { startPostgres } from './postgres/postgres-server';
export type { PostgresHandle, StartPostgresOptions } from './postgres/postgres-server';
export {
  databaseUrl,
  ensureDatabases,
  ensureServiceDatabases,
  redactUrl,
  SERVICE_DATABASES,
} from './postgres/service-databases';
export { findFreePort, isPortAnswering, isPortFree } from './process/port-check.util';
export { isProcessAlive, stopProcess } from './process/process-control';
// Helpers for integration tests against the run's Kafka and PostgreSQL (re-exported by @dpi/testing).
export { createTestDatabase, dropTestDatabase, uniqueDatabaseName } from './testing/test-database.util';
export type { TestDatabase } from './testing/test-database.util';
export { testDatabaseUrl, testKafkaBrokers } from './testing/test-env.util';
export { ensureInfra, infraStatus, stopRecordedInfra } from './supervisor/infra-manager';
export type { ComponentStatus, InfraHandle } from './supervisor/infra-manager';
export { sandboxStatus, startSandbox, stopSandbox } from './supervisor/sandbox';
export type { RunningSandbox, StartSandboxOptions } from './supervisor/sandbox';
