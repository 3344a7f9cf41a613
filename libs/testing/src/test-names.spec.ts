import { testDatabaseUrl, testKafkaBrokers, uniqueDatabaseName } from '@dpi/local-infra';
import { uniqueTopic } from './test-kafka.util';

describe('uniqueTopic', () => {
  it('starts with the prefix, is a valid topic name and differs each call', () => {
    const a = uniqueTopic('a.orders');
    expect(a).toMatch(/^a\.orders\.[a-z0-9]+-[0-9a-f]{8}$/);
    expect(uniqueTopic('a.orders')).not.toBe(a);
  });
});

describe('uniqueDatabaseName', () => {
  it('lower-cases, replaces unsafe characters and stays within 63 bytes', () => {
    const name = uniqueDatabaseName(`A-Payments Test ${'x'.repeat(80)}`);
    expect(name).toMatch(/^a_payments_test_x+_[a-z0-9]+_[0-9a-f]{8}$/);
    expect(name.length).toBeLessThanOrEqual(63);
  });
});

describe('test environment', () => {
  it('explains how to get KAFKA_BROKERS and DATABASE_URL when they are missing', () => {
    expect(() => testKafkaBrokers({})).toThrow(
      /KAFKA_BROKERS is not set; run integration tests with jest.integration.config.js/,
    );
    expect(() => testDatabaseUrl({})).toThrow(/DATABASE_URL is not set/);
  });

  it('reads them when present', () => {
    expect(testKafkaBrokers({ KAFKA_BROKERS: 'a:1,b:2' })).toEqual(['a:1', 'b:2']);
    expect(testDatabaseUrl({ DATABASE_URL: 'postgres://h/db' })).toBe('postgres://h/db');
  });
});
