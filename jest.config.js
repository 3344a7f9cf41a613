// Both tiers as one Jest run, for one project's `nx test` target: its unit tests, and its integration
// and e2e tests against real Kafka and PostgreSQL (started by the integration tier's globalSetup only
// when that tier has a test to run). No --passWithNoTests: a project whose path matches no test fails.
module.exports = {
  projects: ['<rootDir>/jest.unit.config.js', '<rootDir>/jest.integration.config.js'],
  maxWorkers: 2,
};
