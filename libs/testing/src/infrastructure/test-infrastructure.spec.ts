import { startTestInfrastructure } from './test-infrastructure';

describe('startTestInfrastructure (environment source)', () => {
  it('uses KAFKA_BROKERS and DATABASE_URL when both are set, starting nothing', async () => {
    const infrastructure = await startTestInfrastructure({
      KAFKA_BROKERS: 'k1:9092,k2:9092',
      DATABASE_URL: 'postgres://u@h:5432/postgres',
    });
    expect(infrastructure.source).toBe('environment');
    expect(infrastructure.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
    expect(infrastructure.databaseUrl).toBe('postgres://u@h:5432/postgres');
    await expect(infrastructure.stop()).resolves.toBeUndefined();
  });

  it('refuses only one of the two variables, naming the one that is set', async () => {
    await expect(startTestInfrastructure({ KAFKA_BROKERS: 'k:1' })).rejects.toThrow(
      /only KAFKA_BROKERS is set/,
    );
    await expect(startTestInfrastructure({ DATABASE_URL: 'postgres://h/db' })).rejects.toThrow(
      /only DATABASE_URL is set/,
    );
  });

  it('refuses a malformed broker list', async () => {
    await expect(
      startTestInfrastructure({ KAFKA_BROKERS: 'nohostport', DATABASE_URL: 'postgres://h/db' }),
    ).rejects.toThrow(/host:port/);
  });

  it('refuses an unknown DPI_TEST_INFRA value', async () => {
    await expect(startTestInfrastructure({ DPI_TEST_INFRA: 'podman' })).rejects.toThrow(
      /DPI_TEST_INFRA must be "docker" or "local"/,
    );
  });
});
