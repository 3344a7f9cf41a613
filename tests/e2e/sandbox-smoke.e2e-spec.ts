import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_SERVICES, startSandbox, type RunningSandbox, type SandboxConfig } from '@dpi/local-infra';
import { dropTestDatabase, eventually } from '@dpi/testing';

import { testSandboxConfig } from './e2e-sandbox.util';

interface Peer {
  service: string;
  instanceId: string;
  startedAt: string;
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

// The three built services, started by the same supervisor as `npm start`, on free ports with their own
// databases; Kafka and PostgreSQL are the test run's (KAFKA_BROKERS / DATABASE_URL).
describe('the sandbox, all three services (e2e)', () => {
  let sandbox: RunningSandbox | undefined;
  let config: SandboxConfig;
  const startedAfter = new Date(Date.now() - 1_000).toISOString();

  beforeAll(async () => {
    config = await testSandboxConfig(
      mkdtempSync(join(tmpdir(), 'e2e-sandbox-')),
      DEFAULT_SERVICES.map((service) => service.name),
      'e',
    );
    sandbox = await startSandbox(config);
  }, 120_000);

  afterAll(async () => {
    await sandbox?.stop();
    for (const service of config?.services ?? []) await dropTestDatabase(service.database);
    if (config) rmSync(config.dataDir, { recursive: true, force: true });
  }, 60_000);

  it('brings every service to ready with its PostgreSQL database and Kafka', async () => {
    expect(sandbox?.services.map((s) => s.name)).toEqual(DEFAULT_SERVICES.map((s) => s.name));
    for (const service of sandbox?.services ?? []) {
      const ready = await getJson<{ status: string; checks: Record<string, { status: string }> }>(
        `${service.url}/health/ready`,
      );
      expect({ service: service.name, status: ready.status, body: ready.body.status }).toEqual({
        service: service.name,
        status: 200,
        body: 'ready',
      });
      expect(ready.body.checks.database?.status).toBe('up');
      expect(ready.body.checks.kafka?.status).toBe('up');
    }
  });

  it('signs as the DID the publish policy names for it, with its outbox relay running', async () => {
    const policy = JSON.parse(readFileSync(join(config.dataDir, 'publish-policy.json'), 'utf8')) as {
      rules: Array<{ source: string; topic: string }>;
    };
    for (const service of sandbox?.services ?? []) {
      const messaging = await eventually(`${service.name}'s outbox relay to run`, async () => {
        const { body } = await getJson<{ messaging: { did: string; outboxRelay: string } }>(
          `${service.url}/health/ready`,
        );
        return body.messaging.outboxRelay === 'running' ? body.messaging : undefined;
      });
      expect(messaging.did).toMatch(/^did:key:z6Mk/);
      expect(policy.rules).toContainEqual(
        expect.objectContaining({ source: messaging.did, topic: 'sandbox.lifecycle' }),
      );
    }
  });

  it("delivers each service's Kafka announcement to both other services", async () => {
    for (const service of sandbox?.services ?? []) {
      const others = DEFAULT_SERVICES.map((s) => s.name).filter((name) => name !== service.name);
      const seen = await eventually(`${service.name} to see ${others.join(' and ')} on Kafka`, async () => {
        const { body } = await getJson<Peer[]>(`${service.url}/sandbox/peers`);
        // Only instances started by this test count: the lifecycle topic keeps earlier runs' announcements.
        const current = body.filter((peer) => peer.startedAt >= startedAfter).map((peer) => peer.service);
        return others.every((name) => current.includes(name)) ? current : undefined;
      });
      expect(seen).toEqual(expect.arrayContaining(others));
      expect(seen).not.toContain(service.name);
    }
  });
});
