import { loadSandboxConfig, parseBrokers, parseDuration, parsePort } from './sandbox-config';

describe('parsePort', () => {
  it('returns the fallback when the variable is unset or blank', () => {
    expect(parsePort({}, 'P', 9092)).toBe(9092);
    expect(parsePort({ P: ' ' }, 'P', 9092)).toBe(9092);
  });

  it('reads a valid port', () => {
    expect(parsePort({ P: '19092' }, 'P', 9092)).toBe(19092);
  });

  it.each(['abc', '0', '65536', '12.5', '-1'])('rejects %s naming the variable', (value) => {
    expect(() => parsePort({ SANDBOX_KAFKA_PORT: value }, 'SANDBOX_KAFKA_PORT', 9092)).toThrow(
      /^SANDBOX_KAFKA_PORT must be a TCP port/,
    );
  });
});

describe('parseDuration', () => {
  it('reads milliseconds and rejects zero or text', () => {
    expect(parseDuration({ T: '500' }, 'T', 1)).toBe(500);
    expect(() => parseDuration({ T: '0' }, 'T', 1)).toThrow(/T must be a positive/);
    expect(() => parseDuration({ T: '1s' }, 'T', 1)).toThrow(/T must be a positive/);
  });
});

describe('parseBrokers', () => {
  it('splits and trims a comma-separated list', () => {
    expect(parseBrokers('a:1, b:2,')).toEqual(['a:1', 'b:2']);
  });

  it('rejects entries without a port and empty lists', () => {
    expect(() => parseBrokers('localhost')).toThrow(/host:port/);
    expect(() => parseBrokers(' , ')).toThrow(/lists no broker/);
  });
});

describe('loadSandboxConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadSandboxConfig({}, '/repo');
    expect(config.kafka).toEqual({ port: 9092, controllerPort: 9093 });
    expect(config.postgres.port).toBe(5432);
    expect(config.dataDir).toBe('/repo/.sandbox');
    expect(config.cacheDir).toBe('/repo/.cache');
    expect(config.contractsDir).toBe('/repo/contracts/asyncapi');
    expect(config.services.map((s) => [s.name, s.port, s.database])).toEqual([
      ['identity-registry', 3001, 'identity_registry'],
      ['payment-switch', 3002, 'payment_switch'],
      ['data-exchange-gateway', 3003, 'data_exchange_gateway'],
    ]);
  });

  it('takes ports and folders from the environment, relative folders from the repo root', () => {
    const config = loadSandboxConfig(
      {
        SANDBOX_KAFKA_PORT: '19092',
        SANDBOX_KAFKA_CONTROLLER_PORT: '19093',
        SANDBOX_POSTGRES_PORT: '15432',
        PAYMENT_SWITCH_PORT: '4002',
        SANDBOX_DATA_DIR: 'tmp/sb',
        DPI_CACHE_DIR: '/cache',
      },
      '/repo',
    );
    expect(config.kafka.port).toBe(19092);
    expect(config.kafka.controllerPort).toBe(19093);
    expect(config.postgres.port).toBe(15432);
    expect(config.services.find((s) => s.name === 'payment-switch')?.port).toBe(4002);
    expect(config.dataDir).toBe('/repo/tmp/sb');
    expect(config.cacheDir).toBe('/cache');
  });

  it('uses KAFKA_BROKERS and DATABASE_URL as existing servers when set', () => {
    const config = loadSandboxConfig({ KAFKA_BROKERS: 'k:1', DATABASE_URL: 'postgres://u@h:5/db' }, '/repo');
    expect(config.kafka.brokersFromEnv).toEqual(['k:1']);
    expect(config.postgres.urlFromEnv).toBe('postgres://u@h:5/db');
  });

  it('rejects two components on one port, naming both variables', () => {
    expect(() => loadSandboxConfig({ IDENTITY_REGISTRY_PORT: '9092' }, '/repo')).toThrow(
      /IDENTITY_REGISTRY_PORT and SANDBOX_KAFKA_PORT both ask for port 9092/,
    );
    expect(() => loadSandboxConfig({ SANDBOX_KAFKA_CONTROLLER_PORT: '9092' }, '/repo')).toThrow(
      /must differ/,
    );
  });

  it('rejects a DATABASE_URL that is not a URL', () => {
    expect(() => loadSandboxConfig({ DATABASE_URL: 'not a url' }, '/repo')).toThrow(
      /DATABASE_URL is set but is not a URL/,
    );
  });
});
