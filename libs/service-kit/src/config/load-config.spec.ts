import { baseConfigSchema, portSchema } from './base-config.schema';
import { ConfigValidationError, loadConfig } from './load-config';

const schema = baseConfigSchema.extend({ PORT: portSchema(3001) });
const valid = {
  DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:5432/identity_registry',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

function failure(env: Record<string, string | undefined>): ConfigValidationError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig', () => {
  it('returns typed values with defaults for everything optional', () => {
    expect(loadConfig(schema, valid)).toEqual({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 3001,
      DATABASE_URL: valid.DATABASE_URL,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      LOG_LEVEL: 'info',
      BODY_LIMIT_BYTES: 1_048_576,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      LIFECYCLE_TOPIC: 'sandbox.lifecycle',
      SERVICE_KEY_GENERATE: false,
    });
  });

  it('parses every variable given', () => {
    const config = loadConfig(schema, {
      ...valid,
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      KAFKA_BROKERS: ' kafka-1:9092 , kafka-2:9094 ',
      LOG_LEVEL: 'debug',
      SERVICE_INSTANCE_ID: '0b8e5b3c-3f47-4a8e-9d7e-5a1c2f9d8e21',
      BODY_LIMIT_BYTES: '2048',
      SHUTDOWN_TIMEOUT_MS: '5000',
      CONTRACTS_DIR: '/srv/contracts',
    });
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: 8080,
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9094'],
      LOG_LEVEL: 'debug',
      SERVICE_INSTANCE_ID: '0b8e5b3c-3f47-4a8e-9d7e-5a1c2f9d8e21',
      BODY_LIMIT_BYTES: 2048,
      SHUTDOWN_TIMEOUT_MS: 5000,
      CONTRACTS_DIR: '/srv/contracts',
    });
  });

  it('accepts postgresql:// as well as postgres://', () => {
    expect(
      loadConfig(schema, { ...valid, DATABASE_URL: 'postgresql://postgres@db/sandbox' }).DATABASE_URL,
    ).toBe('postgresql://postgres@db/sandbox');
  });

  it('names a missing variable and says what it expects', () => {
    const error = failure({ KAFKA_BROKERS: valid.KAFKA_BROKERS });
    expect(error.issues).toEqual([expect.objectContaining({ variable: 'DATABASE_URL', problem: 'missing' })]);
    expect(error.message).toContain('DATABASE_URL is missing: expected a PostgreSQL URL such as postgres://');
  });

  it('treats an empty or blank variable as missing', () => {
    const error = failure({ ...valid, KAFKA_BROKERS: '   ' });
    expect(error.issues).toEqual([
      expect.objectContaining({ variable: 'KAFKA_BROKERS', problem: 'missing' }),
    ]);
  });

  it('lets a blank optional variable fall back to its default', () => {
    expect(loadConfig(schema, { ...valid, PORT: '', LOG_LEVEL: ' ' })).toMatchObject({
      PORT: 3001,
      LOG_LEVEL: 'info',
    });
  });

  it.each([
    ['DATABASE_URL', 'mysql://db/sandbox', 'a PostgreSQL URL'],
    ['DATABASE_URL', 'postgres://127.0.0.1:5432', 'a PostgreSQL URL'],
    ['DATABASE_URL', 'not a url', 'a PostgreSQL URL'],
    ['KAFKA_BROKERS', '127.0.0.1', 'host:port'],
    ['KAFKA_BROKERS', 'a:9092,,b', 'host:port'],
    ['PORT', 'eighty', 'a TCP port number'],
    ['PORT', '70000', 'a TCP port number'],
    ['PORT', '80.5', 'a TCP port number'],
    ['LOG_LEVEL', 'verbose', 'one of fatal, error, warn, info, debug, trace, silent'],
    ['NODE_ENV', 'staging', 'one of development, test, production'],
    ['SERVICE_INSTANCE_ID', 'instance-1', 'a UUID'],
    ['BODY_LIMIT_BYTES', '10', 'between 1024 and 104857600'],
    ['LIFECYCLE_TOPIC', 'a topic with spaces', 'a Kafka topic name'],
  ])('names a malformed %s (%s) and says what it expects', (variable, value, expected) => {
    const error = failure({ ...valid, [variable]: value });
    expect(error.issues).toEqual([expect.objectContaining({ variable, problem: 'malformed' })]);
    expect(error.message).toMatch(
      new RegExp(
        `${variable} is malformed \\(.+\\): expected .*${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
  });

  it('reports every bad variable at once, one line each', () => {
    const error = failure({ PORT: 'x', LOG_LEVEL: 'loud' });
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'LOG_LEVEL',
      'PORT',
    ]);
    expect(error.message.split('\n')).toHaveLength(5);
    expect(error.message).toMatch(/^Invalid configuration \(4 variables\):/);
  });

  it('never repeats the value of a malformed variable, which may hold a password', () => {
    const error = failure({ ...valid, DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(error.message).not.toContain('hunter2');
  });

  it('ignores variables the schema does not know', () => {
    expect(loadConfig(schema, { ...valid, PATH: '/usr/bin' })).not.toHaveProperty('PATH');
  });
});
