import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const BROKER = /^[^\s:,]+:\d{1,5}$/;

/** A TCP port variable with a per-service default; 0 asks the OS for a free port (tests). */
export function portSchema(defaultPort: number) {
  return z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(defaultPort)
    .describe('a TCP port number between 0 and 65535');
}

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'postgres:' || url.protocol === 'postgresql:') &&
        url.hostname !== '' &&
        url.pathname.length > 1
      );
    } catch {
      return false;
    }
  }, 'not a postgres:// URL with a host and a database name')
  .describe('a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/database');

const kafkaBrokers = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .refine(
    (brokers) => brokers.length > 0 && brokers.every((broker) => BROKER.test(broker)),
    'not a list of host:port entries',
  )
  .describe('a comma-separated list of Kafka brokers as host:port, e.g. 127.0.0.1:9092,127.0.0.1:9094');

/**
 * The variables every service reads. A service extends it (`baseConfigSchema.extend({ PORT: portSchema(3001) })`);
 * each field's description says what it expects, which is what a start-up error prints.
 */
export const baseConfigSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('development')
    .describe('one of development, test, production'),
  HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('the interface to listen on, e.g. 127.0.0.1 or 0.0.0.0'),
  PORT: portSchema(3000),
  DATABASE_URL: postgresUrl,
  KAFKA_BROKERS: kafkaBrokers,
  LOG_LEVEL: z
    .enum(LOG_LEVELS)
    .default('info')
    .describe(`one of ${LOG_LEVELS.join(', ')}`),
  SERVICE_INSTANCE_ID: z.uuid().optional().describe('a UUID naming this instance (generated when unset)'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(104_857_600)
    .default(1_048_576)
    .describe('the largest request body in bytes, between 1024 and 104857600'),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(10_000)
    .describe('milliseconds, between 100 and 120000'),
  LIFECYCLE_TOPIC: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,249}$/, 'not a Kafka topic name')
    .default('sandbox.lifecycle')
    .describe('a Kafka topic name (letters, digits, ".", "_", "-"); tests give each run its own'),
  CONTRACTS_DIR: z.string().min(1).optional().describe("the path of the repository's contracts/ folder"),
  SERVICE_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "the path of this service's Ed25519 signing key (PKCS#8 PEM or JWK); unset means a fresh key each start",
    ),
  SERVICE_KEY_GENERATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('true to create SERVICE_KEY_FILE (mode 0600) when it does not exist'),
  PUBLISH_POLICY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('the path of the publish policy JSON ({ "rules": [...] }); unset means every event is denied'),
  IDENTITY_REGISTRY_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('the identity registry base URL, used to resolve did:dpi DIDs (e.g. http://127.0.0.1:3001)'),
});

/** The validated configuration every service has. */
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** The zod schema of a service's configuration: an object schema whose output includes the base. */
export type ServiceConfigSchema<C extends BaseConfig = BaseConfig> = z.ZodObject & z.ZodType<C>;
