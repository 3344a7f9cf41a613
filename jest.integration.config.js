// Integration and e2e tiers: real Kafka and PostgreSQL, started once per run by libs/testing
// (from KAFKA_BROKERS / DATABASE_URL, testcontainers, or local processes) and handed to workers
// through environment variables. Missing infrastructure fails the run; nothing is skipped.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'integration',
  testMatch: ['<rootDir>/{services,libs,deploy}/**/*.int-spec.ts', '<rootDir>/tests/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
