import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * A sandbox configuration for e2e tests: the named services on free ports, each with a database of its own
 * (`<prefix>_<database>_<random>`), the data in `dataDir`, Kafka and PostgreSQL from the test run.
 */
export async function testSandboxConfig(
  dataDir: string,
  names: string[],
  prefix: string,
): Promise<SandboxConfig> {
  const services = [];
  for (const name of names) {
    const service = DEFAULT_SERVICES.find((candidate) => candidate.name === name);
    if (!service) throw new Error(`${name} is not a sandbox service`);
    services.push({
      ...service,
      port: await findFreePort(),
      database: uniqueDatabaseName(`${prefix}_${service.database}`),
    });
  }
  return {
    ...loadSandboxConfig(process.env, findRepoRoot(__dirname)),
    dataDir,
    readyTimeoutMs: 60_000,
    services,
  };
}

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
  // The supervisor hands the registry its keystore and the admin token from the data folder, as `npm start`
  // does; a token file written first is the one it uses. The seed comes from DEMO_CITY_SEED.
  if (credentials)
    writeFileSync(join(dataDir, 'admin-token'), `${credentials.adminToken}\n`, { mode: 0o600 });
  const variables: Record<string, string> = {
    LIFECYCLE_TOPIC: lifecycleTopic,
    ...(credentials ? { DEMO_CITY_SEED: credentials.demoCitySeed } : {}),
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
    config = await testSandboxConfig(dataDir, ['identity-registry'], `e_${name.replace(/-/g, '_')}`);
    sandbox = await startSandbox(config);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: sandbox.services[0]?.url as string, keystore, stop };
}
