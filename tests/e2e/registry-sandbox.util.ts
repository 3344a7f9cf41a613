import { mkdtempSync, rmSync } from 'node:fs';
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
  stop(): Promise<void>;
}

/**
 * The built identity-registry alone, started as `npm start` starts it (the supervisor hands its
 * environment to the service), on a free port with its own database, against the run's Kafka and
 * PostgreSQL. It gets its own lifecycle topic, so its announcements do not reach other e2e suites'
 * services, and `env` on top; stop() restores the environment.
 */
export async function startRegistrySandbox(
  name: string,
  env: Record<string, string> = {},
): Promise<RegistrySandbox> {
  const lifecycleTopic = uniqueTopic(`test.lifecycle.${name}`);
  await createTopic(lifecycleTopic);
  const variables = { LIFECYCLE_TOPIC: lifecycleTopic, ...env };
  const saved = Object.fromEntries(
    Object.keys(variables).map((variable) => [variable, process.env[variable]]),
  );
  Object.assign(process.env, variables);
  let sandbox: RunningSandbox | undefined;
  let config: SandboxConfig | undefined;
  const stop = async () => {
    await sandbox?.stop();
    for (const service of config?.services ?? []) await dropTestDatabase(service.database);
    if (config) rmSync(config.dataDir, { recursive: true, force: true });
    for (const [variable, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
    }
  };
  try {
    const repoRoot = findRepoRoot(__dirname);
    const registry = DEFAULT_SERVICES.find((service) => service.name === 'identity-registry');
    if (!registry) throw new Error('identity-registry is not a sandbox service');
    config = {
      ...loadSandboxConfig(process.env, repoRoot),
      dataDir: mkdtempSync(join(tmpdir(), `e2e-${name}-`)),
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
  return { url: sandbox.services[0]?.url as string, stop };
}
