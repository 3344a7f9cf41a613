import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

import { readContractTopics } from '../../deploy/local/src/kafka/contract-topics';
import { SERVICE_DATABASES } from '../../deploy/local/src/postgres/service-databases';
import { createComposeValidator } from './compose-schema.validator';
import { isRecord, listFiles, REPO_ROOT } from './contract-files.util';

type Service = Record<string, unknown> & { environment?: Record<string, unknown> };

const composeText = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
// Compose resolves YAML merge keys (<<: *anchor), so the test must too.
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> } & Record<
  string,
  unknown
>;
const dockerfile = readFileSync(join(REPO_ROOT, 'deploy/docker/Dockerfile'), 'utf8');
const validateCompose = createComposeValidator();

const APP_SERVICES = {
  'identity-registry': 3001,
  'payment-switch': 3002,
  'data-exchange-gateway': 3003,
} as const;
const APP_NAMES = Object.keys(APP_SERVICES) as Array<keyof typeof APP_SERVICES>;

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** Published and container ports of a service's short-syntax `ports` entries. */
function portMappings(name: string): Array<{ published: number; target: number }> {
  const ports = service(name).ports;
  if (!Array.isArray(ports)) return [];
  return ports.map((entry) => {
    const parts = String(entry).split(':');
    return { published: Number(parts.at(-2)), target: Number(parts.at(-1)) };
  });
}

function env(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value)]));
}

/** `[source, target]` of each short-syntax volume entry of a service (`source:target[:mode]`). */
function mounts(definition: Service): Array<{ source: string; target: string; readOnly: boolean }> {
  const volumes = Array.isArray(definition.volumes) ? definition.volumes : [];
  return volumes.map((entry) => {
    const [source = '', target = '', mode] = String(entry).split(':');
    return { source, target, readOnly: mode === 'ro' };
  });
}

/**
 * Every mount of a private key volume by a container other than its owner. The key volumes are those
 * sandbox-keys writes a service's key into (mounted at /sandbox-keys/<service>); only that service and
 * the generator may mount one.
 */
function foreignKeyMounts(document: { services: Record<string, Service> }): string[] {
  const owners = new Map<string, string>();
  for (const { source, target } of mounts(document.services['sandbox-keys'] ?? {})) {
    const owner = /^\/sandbox-keys\/([a-z0-9-]+)$/.exec(target)?.[1];
    if (owner) owners.set(source, owner);
  }
  const foreign: string[] = [];
  for (const [name, definition] of Object.entries(document.services)) {
    if (name === 'sandbox-keys') continue;
    for (const { source } of mounts(definition)) {
      const owner = owners.get(source);
      if (owner !== undefined && owner !== name) foreign.push(`${name} mounts ${source}`);
    }
  }
  return foreign;
}

function withChange(change: (copy: Record<string, unknown>) => void): Record<string, unknown> {
  const copy = structuredClone(compose) as Record<string, unknown>;
  change(copy);
  return copy;
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification JSON Schema', () => {
    expect(validateCompose(compose)).toEqual([]);
  });

  it('has no obsolete version key and no ${...} interpolation, so the validated document is what Compose runs', () => {
    expect(compose).not.toHaveProperty('version');
    expect(composeText).not.toMatch(/\$(?!\$)/);
  });

  it('gives every long-running service a healthcheck and runs kafka-init and sandbox-keys once', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      if (name === 'kafka-init' || name === 'sandbox-keys') continue;
      expect({ name, test: (definition.healthcheck as { test?: unknown } | undefined)?.test }).toEqual({
        name,
        test: expect.any(Array),
      });
    }
    expect(service('kafka-init').restart).toBe('no');
    expect(service('sandbox-keys').restart).toBe('no');
  });

  it('gives the registry a writable keystore volume and leaves issuing off until ADMIN_TOKEN is set', () => {
    expect(service('identity-registry').volumes).toEqual([
      'identity-registry-key:/keys:ro',
      'publish-policy:/policy:ro',
      'registry-keystore:/var/lib/identity-registry/keystore',
    ]);
    expect(env('identity-registry').KEYSTORE_DIR).toBe('/var/lib/identity-registry/keystore');
    expect(env('identity-registry').ADMIN_TOKEN).toBeUndefined();
    // A fresh named volume takes the ownership of the image folder it mounts on: every folder a
    // container writes a volume into exists in the image for USER node.
    const setup = /^RUN mkdir -p ([^&]+)&& chown -R node:node ([^&]+)&&/m.exec(
      dockerfile.replace(/\\\n\s*/g, ''),
    );
    const created = setup?.[1]?.split(/\s+/) ?? [];
    const owned = setup?.[2]?.split(/\s+/) ?? [];
    const writable = [
      '/var/lib/identity-registry/keystore',
      ...mounts(service('sandbox-keys')).map(({ target }) => target),
    ];
    for (const folder of writable) {
      expect({
        folder,
        created: created.some((path) => path === folder || path.startsWith(`${folder}/`)),
      }).toEqual({
        folder,
        created: true,
      });
      expect({
        folder,
        owned: owned.some((path) => folder === path || folder.startsWith(`${path}/`)),
      }).toEqual({
        folder,
        owned: true,
      });
    }
  });

  it('gives each service its own signing key and the publish policy from the sandbox-keys volume, read-only', () => {
    expect(service('sandbox-keys').command).toEqual([
      'node',
      'dist/deploy/local/src/keys/keys.cli.js',
      '--per-service',
      '/sandbox-keys',
    ]);
    expect(existsSync(join(REPO_ROOT, 'deploy', 'local', 'src', 'keys', 'keys.cli.ts'))).toBe(true);
    // The generator writes <dir>/publish-policy.json and <dir>/<service>/<service>.pem (sandboxKeyFile).
    expect(mounts(service('sandbox-keys'))).toEqual([
      { source: 'publish-policy', target: '/sandbox-keys', readOnly: false },
      ...APP_NAMES.map((name) => ({
        source: `${name}-key`,
        target: `/sandbox-keys/${name}`,
        readOnly: false,
      })),
    ]);
    for (const name of APP_NAMES) {
      expect({
        name,
        mounts: mounts(service(name)).filter(({ target }) => target === '/keys' || target === '/policy'),
        key: env(name).SERVICE_KEY_FILE,
        policy: env(name).PUBLISH_POLICY_FILE,
      }).toEqual({
        name,
        mounts: [
          { source: `${name}-key`, target: '/keys', readOnly: true },
          { source: 'publish-policy', target: '/policy', readOnly: true },
        ],
        key: `/keys/${name}.pem`,
        policy: '/policy/publish-policy.json',
      });
      expect(env(name).IDENTITY_REGISTRY_URL).toBe('http://identity-registry:3001');
    }
  });

  it("mounts no service's private key into any other container", () => {
    expect(foreignKeyMounts(compose)).toEqual([]);
    // Every container's mounts hold at most its own key volume.
    for (const [name, definition] of Object.entries(compose.services)) {
      if (name === 'sandbox-keys') continue;
      const keyVolumes = mounts(definition)
        .map(({ source }) => source)
        .filter((source) => source.endsWith('-key'));
      expect({ name, keyVolumes }).toEqual({
        name,
        keyVolumes: (APP_NAMES as readonly string[]).includes(name) ? [`${name}-key`] : [],
      });
    }
  });

  it("the key-mount check catches a container that mounts another service's key", () => {
    const leaky = withChange((copy) => {
      const services = copy.services as Record<string, Service>;
      services['payment-switch']!.volumes = [
        'payment-switch-key:/keys:ro',
        'identity-registry-key:/other-keys:ro',
      ];
      services.kafka!.volumes = ['kafka-data:/var/lib/kafka/data', 'data-exchange-gateway-key:/k'];
    }) as { services: Record<string, Service> };
    expect(foreignKeyMounts(leaky)).toEqual([
      'kafka mounts data-exchange-gateway-key',
      'payment-switch mounts identity-registry-key',
    ]);
  });

  it('publishes Kafka on 9092, Postgres on 5432 and the services on the ports of the local mode', () => {
    expect(portMappings('kafka')).toEqual([{ published: 9092, target: 9092 }]);
    expect(portMappings('postgres')).toEqual([{ published: 5432, target: 5432 }]);
    for (const name of APP_NAMES) {
      const port = APP_SERVICES[name];
      expect({ name, ports: portMappings(name), PORT: env(name).PORT }).toEqual({
        name,
        ports: [{ published: port, target: port }],
        PORT: String(port),
      });
    }
  });

  it('starts each service only after Kafka and Postgres are healthy and the topics exist', () => {
    for (const name of APP_NAMES) {
      expect({ name, depends_on: service(name).depends_on }).toEqual({
        name,
        depends_on: {
          kafka: { condition: 'service_healthy' },
          'kafka-init': { condition: 'service_completed_successfully' },
          postgres: { condition: 'service_healthy' },
          'sandbox-keys': { condition: 'service_completed_successfully' },
        },
      });
    }
    expect(service('kafka-init').depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
  });

  it('configures the services to listen on all interfaces and reach kafka and postgres by service name', () => {
    const advertised = env('kafka').KAFKA_ADVERTISED_LISTENERS?.split(',') ?? [];
    for (const name of APP_NAMES) {
      const variables = env(name);
      expect(variables.HOST).toBe('0.0.0.0');
      expect(advertised).toContain(`PLAINTEXT://${variables.KAFKA_BROKERS}`);
      expect(variables.DATABASE_URL).toBe(
        `postgres://postgres:postgres@postgres:5432/${SERVICE_DATABASES[name]}`,
      );
    }
    expect(advertised).toContain('PLAINTEXT_HOST://127.0.0.1:9092');
    expect(advertised).toContain(`PLAINTEXT://${env('kafka-init').KAFKA_BROKERS}`);
  });

  it('runs a single KRaft node that never auto-creates topics', () => {
    const kafka = env('kafka');
    expect(service('kafka').image).toBe('apache/kafka:4.1.1');
    expect(kafka.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    const controllerPort = /^1@kafka:(\d+)$/.exec(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS ?? '')?.[1];
    expect(kafka.KAFKA_LISTENERS?.split(',')).toEqual(
      expect.arrayContaining([
        `CONTROLLER://:${controllerPort}`,
        'PLAINTEXT://:19092',
        'PLAINTEXT_HOST://:9092',
      ]),
    );
    for (const variable of [
      'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
      'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
      'KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR',
    ]) {
      expect({ variable, value: kafka[variable] }).toEqual({ variable, value: '1' });
    }
  });

  it('creates every service database in the Postgres init script', () => {
    const scripts = listFiles('deploy/docker/postgres-init', /\.sql$/).map((file) =>
      readFileSync(file, 'utf8'),
    );
    const created = [...scripts.join('\n').matchAll(/^CREATE DATABASE (\w+);/gm)].map((match) => match[1]);
    expect(created.sort()).toEqual(Object.values(SERVICE_DATABASES).sort());
    expect(service('postgres').volumes).toContain(
      './deploy/docker/postgres-init:/docker-entrypoint-initdb.d:ro',
    );
  });

  it('builds each service from a Dockerfile target whose command starts that service', () => {
    const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((match) => match[1]);
    for (const name of APP_NAMES) {
      expect(service(name).build).toEqual({
        context: '.',
        dockerfile: 'deploy/docker/Dockerfile',
        target: name,
      });
      expect(stages).toContain(name);
      const stage = dockerfile.split(/^FROM /m).find((text) => text.startsWith(`runtime AS ${name}\n`)) ?? '';
      expect(stage).toMatch(
        new RegExp(
          `^CMD \\["node", ("--[a-z-]+(=[A-Za-z]+)?", )*"dist/services/${name}/src/main\\.js"\\]$`,
          'm',
        ),
      );
      expect(stage).toContain(`EXPOSE ${APP_SERVICES[name]}`);
      expect(existsSync(join(REPO_ROOT, 'services', name, 'src', 'main.ts'))).toBe(true);
    }
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^COPY contracts \.\/contracts$/m);
  });

  describe('kafka-init', () => {
    it("runs the local sandbox's own topic creation (one implementation), compiled into the runtime image", () => {
      expect(service('kafka-init').command).toEqual([
        'node',
        'dist/deploy/local/src/kafka/create-topics.cli.js',
      ]);
      expect((service('kafka-init').build as { target?: string }).target).toBe('runtime');
      expect(existsSync(join(REPO_ROOT, 'deploy/local/src/kafka/create-topics.cli.ts'))).toBe(true);
      expect(dockerfile).toContain('COPY --from=build /app/dist ./dist');
      expect(dockerfile).toContain('COPY deploy/local/src ./deploy/local/src');
    });

    it('would create every channel address of the AsyncAPI contracts and its .dlt topic', () => {
      const names = readContractTopics(join(REPO_ROOT, 'contracts/asyncapi')).map((topic) => topic.name);
      const files = listFiles('contracts/asyncapi', /\.ya?ml$/);
      expect(files.length).toBeGreaterThan(0);
      const addresses = files.flatMap((file) => {
        const channels =
          (parse(readFileSync(file, 'utf8')) as { channels?: Record<string, { address?: unknown }> })
            .channels ?? {};
        return Object.values(channels).map((channel) => channel.address);
      });
      expect(addresses.length).toBeGreaterThan(0);
      for (const address of addresses)
        expect(names).toEqual(expect.arrayContaining([address, `${String(address)}.dlt`]));
    });
  });

  describe('the validator', () => {
    it('rejects a port given as an object with unknown keys', () => {
      const broken = withChange((copy) => {
        (copy.services as Record<string, Service>).kafka!.ports = [{ host: 9092 }];
      });
      expect(validateCompose(broken)).toEqual(
        expect.arrayContaining([expect.objectContaining({ instancePath: '/services/kafka/ports/0' })]),
      );
    });

    it('rejects an unknown top-level key', () => {
      const errors = validateCompose(withChange((copy) => (copy.servicez = {})));
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            keyword: 'additionalProperties',
            params: { additionalProperty: 'servicez' },
          }),
        ]),
      );
    });

    it('rejects a malformed port string and a healthcheck interval that is not a duration', () => {
      const broken = withChange((copy) => {
        const services = copy.services as Record<string, Service>;
        services.postgres!.ports = ['5432:postgres'];
        (services.kafka!.healthcheck as Record<string, unknown>).interval = 'ten seconds';
      });
      const paths = validateCompose(broken).map((error) => error.instancePath);
      expect(paths).toEqual(
        expect.arrayContaining(['/services/postgres/ports/0', '/services/kafka/healthcheck/interval']),
      );
    });

    it('rejects an unknown depends_on condition', () => {
      const broken = withChange((copy) => {
        (copy.services as Record<string, Service>)['payment-switch']!.depends_on = {
          kafka: { condition: 'service_ready' },
        };
      });
      expect(validateCompose(broken).length).toBeGreaterThan(0);
    });
  });

  it('has services keyed by valid names only (sanity check on the parsed document)', () => {
    expect(isRecord(compose.services)).toBe(true);
    expect(Object.keys(compose.services).sort()).toEqual([
      'data-exchange-gateway',
      'identity-registry',
      'kafka',
      'kafka-init',
      'payment-switch',
      'postgres',
      'sandbox-keys',
    ]);
  });
});
