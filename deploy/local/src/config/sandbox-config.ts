import { isAbsolute, join, resolve } from 'node:path';

/** One service the sandbox runs: `node --enable-source-maps <entry>` with PORT and its own database. */
export interface ServiceDefinition {
  name: string;
  port: number;
  /** The variable that changes the port, named in "port taken" messages. */
  portVariable: string;
  database: string;
  /** The compiled entry point, relative to the repo root or absolute. */
  entry: string;
}

export interface SandboxConfig {
  repoRoot: string;
  /** Kafka data, Postgres data, logs and state.json. */
  dataDir: string;
  /** Downloaded Kafka jars; survives `start --reset`. */
  cacheDir: string;
  contractsDir: string;
  kafka: { port: number; controllerPort: number; brokersFromEnv?: string[] };
  postgres: { port: number; user: string; password: string; urlFromEnv?: string };
  services: ServiceDefinition[];
  /** How long each service may take to answer /health/ready. */
  readyTimeoutMs: number;
}

/** The three services with their default ports and databases. */
export const DEFAULT_SERVICES: ReadonlyArray<Omit<ServiceDefinition, 'port'> & { defaultPort: number }> = [
  {
    name: 'identity-registry',
    defaultPort: 3001,
    portVariable: 'IDENTITY_REGISTRY_PORT',
    database: 'identity_registry',
    entry: 'dist/services/identity-registry/src/main.js',
  },
  {
    name: 'payment-switch',
    defaultPort: 3002,
    portVariable: 'PAYMENT_SWITCH_PORT',
    database: 'payment_switch',
    entry: 'dist/services/payment-switch/src/main.js',
  },
  {
    name: 'data-exchange-gateway',
    defaultPort: 3003,
    portVariable: 'DATA_EXCHANGE_GATEWAY_PORT',
    database: 'data_exchange_gateway',
    entry: 'dist/services/data-exchange-gateway/src/main.js',
  },
];

/** Reads a TCP port from `env[variable]`, or `fallback` when unset; throws naming the variable when malformed. */
export function parsePort(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) {
    throw new Error(`${variable} must be a TCP port number between 1 and 65535, got "${raw}"`);
  }
  return port;
}

/** Reads a positive whole number of milliseconds from `env[variable]`, or `fallback`. */
export function parseDuration(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) === 0)
    throw new Error(`${variable} must be a positive number of milliseconds, got "${raw}"`);
  return Number(raw);
}

/** Splits KAFKA_BROKERS ("host:port,host:port") into a list, checking each entry's shape. */
export function parseBrokers(raw: string, variable = 'KAFKA_BROKERS'): string[] {
  const brokers = raw
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new Error(`${variable} is set but lists no broker`);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker))
      throw new Error(`${variable} entries must look like host:port, got "${broker}"`);
  }
  return brokers;
}

function absolute(repoRoot: string, path: string): string {
  return isAbsolute(path) ? path : resolve(repoRoot, path);
}

/**
 * The sandbox configuration from the environment: ports (SANDBOX_KAFKA_PORT, SANDBOX_KAFKA_CONTROLLER_PORT,
 * SANDBOX_POSTGRES_PORT, <SERVICE>_PORT), folders (SANDBOX_DATA_DIR, DPI_CACHE_DIR) and, when set, an
 * existing Kafka (KAFKA_BROKERS) or PostgreSQL server (DATABASE_URL) to use instead of starting one.
 */
export function loadSandboxConfig(env: NodeJS.ProcessEnv, repoRoot: string): SandboxConfig {
  const kafkaPort = parsePort(env, 'SANDBOX_KAFKA_PORT', 9092);
  const controllerPort = parsePort(env, 'SANDBOX_KAFKA_CONTROLLER_PORT', 9093);
  if (kafkaPort === controllerPort) {
    throw new Error(
      `SANDBOX_KAFKA_PORT and SANDBOX_KAFKA_CONTROLLER_PORT must differ (both are ${kafkaPort})`,
    );
  }
  const postgresPort = parsePort(env, 'SANDBOX_POSTGRES_PORT', 5432);
  const services = DEFAULT_SERVICES.map(({ defaultPort, ...service }) => ({
    ...service,
    port: parsePort(env, service.portVariable, defaultPort),
  }));
  const ports = new Map<number, string>([
    [kafkaPort, 'SANDBOX_KAFKA_PORT'],
    [controllerPort, 'SANDBOX_KAFKA_CONTROLLER_PORT'],
  ]);
  if (!env.DATABASE_URL) ports.set(postgresPort, 'SANDBOX_POSTGRES_PORT');
  for (const service of services) {
    const clash = ports.get(service.port);
    if (clash)
      throw new Error(
        `${service.portVariable} and ${clash} both ask for port ${service.port}; give them different ports`,
      );
    ports.set(service.port, service.portVariable);
  }
  if (!env.DATABASE_URL && services.some((s) => s.port === postgresPort)) {
    throw new Error(`SANDBOX_POSTGRES_PORT clashes with a service port (${postgresPort})`);
  }
  if (env.DATABASE_URL) {
    try {
      new URL(env.DATABASE_URL);
    } catch {
      throw new Error('DATABASE_URL is set but is not a URL (postgres://user:password@host:port/database)');
    }
  }
  return {
    repoRoot,
    dataDir: absolute(repoRoot, env.SANDBOX_DATA_DIR?.trim() || '.sandbox'),
    cacheDir: absolute(repoRoot, env.DPI_CACHE_DIR?.trim() || '.cache'),
    contractsDir: join(repoRoot, 'contracts', 'asyncapi'),
    kafka: {
      port: kafkaPort,
      controllerPort,
      ...(env.KAFKA_BROKERS ? { brokersFromEnv: parseBrokers(env.KAFKA_BROKERS) } : {}),
    },
    postgres: {
      port: postgresPort,
      user: 'postgres',
      password: env.SANDBOX_POSTGRES_PASSWORD || 'sandbox',
      ...(env.DATABASE_URL ? { urlFromEnv: env.DATABASE_URL } : {}),
    },
    services,
    readyTimeoutMs: parseDuration(env, 'SANDBOX_READY_TIMEOUT_MS', 120_000),
  };
}
