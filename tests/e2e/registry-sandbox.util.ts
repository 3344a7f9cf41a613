import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  DEFAULT_SERVICES,
  findFreePort,
  findRepoRoot,
  loadSandboxConfig,
  startSandbox,
  type RunningSandbox,
  type SandboxConfig,
} from '@dpi/local-infra';
import { createTopic, dropTestDatabase, uniqueDatabaseName, uniqueTopic } from '@dpi/testing';

/** A running identity-registry started by the sandbox supervisor. */
export interface RegistrySandbox {
  url: string;
  /** Its keystore (KEYSTORE_DIR), in the sandbox's data folder as `npm start` puts it. */
  keystore: string;
  stop(): Promise<void>;
}

/** What the registry is given for credentials: its admin token and the demo city seed. */
export interface RegistryCredentialsSetup {
  adminToken: string;
  demoCitySeed: string;
}

/**
 * The built identity-registry alone, started as `npm start` starts it (the supervisor hands its
 * environment to the service), on a free port with its own database, against the run's Kafka and
 * PostgreSQL. It gets its own lifecycle topic, so its announcements do not reach other e2e suites'
 * services; with `credentials`, a keystore, an admin token and a demo city seed. stop() restores the
 * environment.
 */
export async function startRegistrySandbox(
  name: string,
  credentials?: RegistryCredentialsSetup,
): Promise<RegistrySandbox> {
  const lifecycleTopic = uniqueTopic(`test.lifecycle.${name}`);
  await createTopic(lifecycleTopic);
  const dataDir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
  const keystore = join(dataDir, 'keystore');
  // Where `npm start` keeps the keystore and the admin token: the same values reach the registry
  // whether the supervisor passes them (reading the token file) or the environment does.
  if (credentials) {
    mkdirSync(keystore, { recursive: true, mode: 0o700 });
    writeFileSync(join(dataDir, 'admin-token'), `${credentials.adminToken}\n`, { mode: 0o600 });
  }
  const variables: Record<string, string> = {
    LIFECYCLE_TOPIC: lifecycleTopic,
    ...(credentials
      ? {
          KEYSTORE_DIR: keystore,
          ADMIN_TOKEN: credentials.adminToken,
          DEMO_CITY_SEED: credentials.demoCitySeed,
        }
      : {}),
  };
  const saved = Object.fromEntries(
    Object.keys(variables).map((variable) => [variable, process.env[variable]]),
  );
  Object.assign(process.env, variables);
  let sandbox: RunningSandbox | undefined;
  let config: SandboxConfig | undefined;
  const stop = async () => {
    await sandbox?.stop();
    for (const service of config?.services ?? []) await dropTestDatabase(service.database);
    rmSync(dataDir, { recursive: true, force: true });
    for (const [variable, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
    }
  };
  try {
    const registry = DEFAULT_SERVICES.find((service) => service.name === 'identity-registry');
    if (!registry) throw new Error('identity-registry is not a sandbox service');
    config = {
      ...loadSandboxConfig(process.env, findRepoRoot(__dirname)),
      dataDir,
      readyTimeoutMs: 60_000,
      services: [
        {
          ...registry,
          port: await findFreePort(),
          database: uniqueDatabaseName(`e_${name.replace(/-/g, '_')}`),
        },
      ],
    };
    sandbox = await startSandbox(config);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: sandbox.services[0]?.url as string, keystore, stop };
}
