import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  writePrivateKeyFile,
} from '@dpi/did';
import { EnvelopeSigner } from '@dpi/messaging';
import { eventually } from '@dpi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { parse as parseYaml } from 'yaml';

import type { RunningService } from '../bootstrap/create-service-app';
import { createServiceApp } from '../bootstrap/create-service-app';
import type { ServiceDefinition } from '../bootstrap/service-definition';
import type { BaseConfig } from '../config/base-config.schema';
import { ShutdownState } from '../health/shutdown-state';
import { DEFAULT_PARTITIONER } from '../kafka/kafka-client.factory';
import { SERVICE_STARTED_TYPE, SERVICE_STOPPED_TYPE } from '../lifecycle/service-started.event';
import { loadOpenApiDocument } from '../openapi/openapi-document.loader';
import { OpenApiResponseValidator } from './openapi-response.validator';

const BODY_LIMIT_BYTES = 4_096;

/** Where the integration tier's infrastructure is: an admin PostgreSQL URL and the Kafka brokers. */
function infrastructure(): { adminUrl: string; brokers: string[] } {
  const adminUrl = process.env.DATABASE_URL;
  const brokers = process.env.KAFKA_BROKERS;
  if (!adminUrl || !brokers)
    throw new Error('DATABASE_URL and KAFKA_BROKERS must be set (jest.integration.config.js sets them)');
  return { adminUrl, brokers: brokers.split(',').map((broker) => broker.trim()) };
}

async function withAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000) =>
  eventually(what, probe, { timeoutMs, intervalMs: 200 });

/**
 * The integration suite every service runs (`describeServiceIntegration(definition)` in its
 * app.int-spec.ts): boots the real app against a fresh database and the run's Kafka, and checks the
 * kit's endpoints, error bodies and lifecycle wiring, validating every response against the contract.
 */
export function describeServiceIntegration<C extends BaseConfig>(definition: ServiceDefinition<C>): void {
  describe(`${definition.name} (service kit, real PostgreSQL and Kafka)`, () => {
    const databaseName = `b_${definition.name.replace(/-/g, '_')}_${randomBytes(4).toString('hex')}`;
    // Its own lifecycle topic: the fake and malformed announcements below must not reach other suites.
    const lifecycleTopic = `test.lifecycle.${definition.name}.${randomBytes(4).toString('hex')}`;
    let adminUrl: string;
    let kafka: Kafka;
    let service: RunningService<C> | undefined;
    let contract: OpenApiResponseValidator;
    let document: Record<string, unknown>;
    // The service signs with a key from a file; a test peer is allowed to announce; an intruder is not.
    const keyDir = mkdtempSync(join(tmpdir(), 'b-keys-'));
    const serviceKey = generateEd25519KeyPair().privateKey;
    const serviceDid = didKeyFromPublicKey(createPublicKey(serviceKey));
    const signerOf = (privateKey = generateEd25519KeyPair().privateKey) => {
      const did = didKeyFromPublicKey(createPublicKey(privateKey));
      return new EnvelopeSigner({ privateKey, kid: didKeyVerificationMethodId(did), source: did });
    };
    const peerSigner = signerOf();
    const intruderSigner = signerOf();

    async function call(
      path: string,
      init: RequestInit = {},
    ): Promise<{ response: Response; text: string; json: () => unknown }> {
      const response = await fetch(`${service?.url}${path}`, init);
      const text = await response.text();
      return { response, text, json: () => JSON.parse(text) as unknown };
    }

    /** Calls `path` and checks the response against the contract; returns the parsed body. */
    async function callChecked(
      path: string,
      init: RequestInit = {},
      contractPath = path,
    ): Promise<{ response: Response; body: unknown; text: string }> {
      const { response, text } = await call(path, init);
      const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
      const body = contentType.endsWith('json') ? (JSON.parse(text) as unknown) : text;
      contract.assertValid({
        path: contractPath,
        method: init.method ?? 'GET',
        status: response.status,
        contentType,
        body,
      });
      return { response, body, text };
    }

    beforeAll(async () => {
      const infra = infrastructure();
      adminUrl = infra.adminUrl;
      await withAdmin(adminUrl, `CREATE DATABASE "${databaseName}"`);
      const databaseUrl = new URL(adminUrl);
      databaseUrl.pathname = `/${databaseName}`;
      kafka = new Kafka({
        clientId: `${definition.name}-int-test`,
        brokers: infra.brokers,
        logLevel: logLevel.NOTHING,
      });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        topics: [{ topic: lifecycleTopic, numPartitions: 1 }],
        waitForLeaders: true,
      });
      await admin.disconnect();
      await writePrivateKeyFile(join(keyDir, 'service.pem'), serviceKey);
      const announcers = [serviceDid, peerSigner.source];
      writeFileSync(
        join(keyDir, 'policy.json'),
        JSON.stringify({
          rules: announcers.map((source) => ({
            source,
            topic: lifecycleTopic,
            types: [SERVICE_STARTED_TYPE, SERVICE_STOPPED_TYPE],
          })),
        }),
      );
      service = await createServiceApp(definition, {
        NODE_ENV: 'test',
        SERVICE_KEY_FILE: join(keyDir, 'service.pem'),
        PUBLISH_POLICY_FILE: join(keyDir, 'policy.json'),
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: databaseUrl.toString(),
        KAFKA_BROKERS: infra.brokers.join(','),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES),
        LIFECYCLE_TOPIC: lifecycleTopic,
      });
      document = (await loadOpenApiDocument(
        service.context.contractsDir,
        definition.name,
      )) as unknown as Record<string, unknown>;
      contract = new OpenApiResponseValidator(document);
    });

    afterAll(async () => {
      await service?.close();
      rmSync(keyDir, { recursive: true, force: true });
      if (adminUrl) await withAdmin(adminUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      if (kafka) {
        const admin = kafka.admin();
        await admin.connect();
        await admin.deleteTopics({ topics: [lifecycleTopic] }).catch(() => undefined);
        await admin.disconnect();
      }
    });

    it('answers /health/live with 200 as the contract says', async () => {
      const { response, body } = await callChecked('/health/live');
      expect(response.status).toBe(200);
      expect(body).toEqual({ status: 'up' });
    });

    it('answers /health/ready with 200 once PostgreSQL and Kafka answer', async () => {
      const ready = await until('readiness', async () => {
        const result = await callChecked('/health/ready');
        return result.response.status === 200 ? result : undefined;
      });
      expect(ready.body).toMatchObject({
        status: 'ready',
        checks: { database: { status: 'up' }, kafka: { status: 'up' } },
        messaging: { did: serviceDid },
      });
    });

    it('ran its migrations: service_metadata says which service owns the database', async () => {
      const client = new Client({ connectionString: service?.config.DATABASE_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ value: string }>(
          `SELECT value FROM service_metadata WHERE key = 'service'`,
        );
        expect(rows).toEqual([{ value: definition.name }]);
      } finally {
        await client.end();
      }
    });

    it('serves its bundled contract at /openapi.json and /openapi.yaml', async () => {
      const json = await callChecked('/openapi.json');
      expect(json.response.status).toBe(200);
      expect(json.body).toEqual(document);
      const yaml = await call('/openapi.yaml');
      expect(yaml.response.status).toBe(200);
      // The document holds non-ASCII text (em dashes in titles): the charset must be said.
      expect(yaml.response.headers.get('content-type')).toBe('text/yaml; charset=utf-8');
      expect(parseYaml(yaml.text)).toEqual(document);
      expect(yaml.text).not.toContain('#/$defs/');
      const ui = await call('/docs');
      expect(ui.response.status).toBe(200);
      expect(ui.response.headers.get('content-type')).toContain('text/html');
    });

    it('exposes Prometheus metrics with the HTTP duration histogram by route template', async () => {
      await call('/health/live');
      const { response, text } = await callChecked('/metrics');
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(text).toMatch(
        /^http_request_duration_seconds_bucket\{.*method="GET".*route="\/health\/live".*status_code="200".*\} \d+/m,
      );
      expect(text).toContain('process_cpu_user_seconds_total');
    });

    it('echoes a valid X-Request-Id', async () => {
      const kept = await call('/health/live', { headers: { 'X-Request-Id': 'int-test-42' } });
      expect(kept.response.headers.get('x-request-id')).toBe('int-test-42');
    });

    /** Calls `path` expecting an error: checks the media type and the ProblemDetails schema of the contract. */
    async function callProblem(
      path: string,
      init: RequestInit,
    ): Promise<{ response: Response; body: Record<string, unknown> }> {
      const { response, json } = await call(path, init);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const body = json() as Record<string, unknown>;
      contract.assertProblem(body);
      expect(body.requestId).toBe(response.headers.get('x-request-id'));
      return { response, body };
    }

    it('answers an unknown route with a 404 problem that carries the request id', async () => {
      const { response, body } = await callProblem('/no-such-route?x=1', {
        method: 'POST',
        headers: { 'X-Request-Id': 'lost-1' },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-request-id')).toBe('lost-1');
      expect(body).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
        instance: '/no-such-route',
        requestId: 'lost-1',
      });
    });

    it('refuses an X-Request-Id the contract does not allow with a 400 problem naming it, under a fresh id', async () => {
      for (const invalid of ['has spaces', 'x'.repeat(129)]) {
        const { response, body } = await callProblem('/health/live', {
          headers: { 'X-Request-Id': invalid },
        });
        expect(response.status).toBe(400);
        expect(response.headers.get('x-request-id')).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        expect(body).toMatchObject({
          code: 'VALIDATION_FAILED',
          errors: [expect.objectContaining({ in: 'header', field: 'X-Request-Id' })],
        });
        contract.assertValid({
          path: '/health/live',
          method: 'GET',
          status: 400,
          contentType: 'application/problem+json',
          body,
        });
      }
    });

    it('answers a method the contract does not declare for a path with 405 and Allow, as a problem', async () => {
      const { response, body } = await callProblem('/health/live', { method: 'PUT', body: 'x' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', instance: '/health/live' });
    });

    it('answers a malformed JSON body with a 400 problem', async () => {
      const { response, body } = await callProblem('/no-such-route', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"broken": ',
      });
      expect(response.status).toBe(400);
      expect(body).toMatchObject({ status: 400, code: 'MALFORMED_BODY' });
    });

    it('answers a body over the limit with a 413 problem', async () => {
      const { response, body } = await callProblem('/no-such-route', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT_BYTES) }),
      });
      expect(response.status).toBe(413);
      expect(body).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE' });
      expect(body.detail).toContain(`${BODY_LIMIT_BYTES} bytes`);
    });

    it('lists a peer whose signed announcement verifies, and ignores unsigned, unauthorised and invalid ones', async () => {
      const peer = {
        service: 'payment-switch',
        version: '9.9.9',
        instanceId: randomUUID(),
        startedAt: new Date().toISOString(),
      };
      const intruder = { ...peer, instanceId: randomUUID() };
      const producer = kafka.producer({ createPartitioner: DEFAULT_PARTITIONER });
      await producer.connect();
      try {
        const announce = (signer: EnvelopeSigner, data: unknown) =>
          signer.sign({ topic: lifecycleTopic, key: 'payment-switch', type: SERVICE_STARTED_TYPE, data });
        const valid = announce(peerSigner, peer);
        await producer.send({
          topic: lifecycleTopic,
          messages: [
            { key: 'junk', value: JSON.stringify(intruder), headers: { ce_type: SERVICE_STARTED_TYPE } },
            announce(intruderSigner, intruder),
            announce(peerSigner, { ...peer, instanceId: 'not-a-uuid' }),
            { ...valid, value: Buffer.from(JSON.stringify({ ...peer, version: '6.6.6' })) },
            valid,
          ],
        });
      } finally {
        await producer.disconnect();
      }
      const listed = await until('the announced peer in /sandbox/peers', async () => {
        const { body } = await callChecked('/sandbox/peers');
        return (body as Array<{ instanceId: string }>).find((entry) => entry.instanceId === peer.instanceId);
      });
      expect(listed).toMatchObject({
        service: 'payment-switch',
        version: '9.9.9',
        startedAt: peer.startedAt,
      });
      const { body } = await callChecked('/sandbox/peers');
      const instances = (body as Array<{ instanceId: string }>).map((entry) => entry.instanceId);
      expect(instances).not.toContain(service?.context.instanceId);
      expect(instances).not.toContain(intruder.instanceId);
      // Each rejection is counted by its reason.
      const metrics = await (await fetch(`${service?.url}/metrics`)).text();
      for (const reason of ['MISSING_HEADER', 'POLICY_DENIED', 'SCHEMA_INVALID', 'BAD_SIGNATURE'])
        expect(metrics).toMatch(new RegExp(`messaging_rejected_total\\{[^}]*reason="${reason}"[^}]*\\} 1`));
    });

    it('drops a peer that announced its stop, lists none last heard long ago, and counts what it consumed', async () => {
      const peer = (instanceId: string) => ({
        service: 'payment-switch',
        version: '9.9.9',
        instanceId,
        startedAt: new Date().toISOString(),
      });
      const [stopping, silent, alive] = [randomUUID(), randomUUID(), randomUUID()];
      const sign = (type: string, data: unknown) =>
        peerSigner.sign({ topic: lifecycleTopic, key: 'payment-switch', type, data });
      const producer = kafka.producer({ createPartitioner: DEFAULT_PARTITIONER });
      await producer.connect();
      try {
        await producer.send({
          topic: lifecycleTopic,
          messages: [
            sign(SERVICE_STARTED_TYPE, peer(stopping)),
            // Last heard an hour ago: killed without a word.
            { ...sign(SERVICE_STARTED_TYPE, peer(silent)), timestamp: String(Date.now() - 3_600_000) },
            sign(SERVICE_STOPPED_TYPE, {
              service: 'payment-switch',
              instanceId: stopping,
              stoppedAt: new Date().toISOString(),
            }),
            sign(SERVICE_STARTED_TYPE, peer(alive)),
          ],
        });
      } finally {
        await producer.disconnect();
      }
      const instances = await until('the last announced peer in /sandbox/peers', async () => {
        const { body } = await callChecked('/sandbox/peers');
        const ids = (body as Array<{ instanceId: string }>).map((entry) => entry.instanceId);
        return ids.includes(alive) ? ids : undefined;
      });
      expect(instances).not.toContain(stopping);
      expect(instances).not.toContain(silent);
      const metrics = await (await fetch(`${service?.url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          `messaging_consumed_total\\{[^}]*type="${SERVICE_STOPPED_TYPE.replaceAll('.', '\\.')}"[^}]*\\} 1`,
        ),
      );
    });

    it('reports shutting_down on /health/ready once shutdown begins, then stops listening', async () => {
      const running = service;
      if (!running) throw new Error('service did not start');
      running.app.get(ShutdownState).begin();
      const { response, body } = await callChecked('/health/ready');
      expect(response.status).toBe(503);
      expect(body).toMatchObject({ status: 'shutting_down' });
      service = undefined;
      await running.close();
      await expect(fetch(`${running.url}/health/live`)).rejects.toThrow();
    });
  });

  describe(`${definition.name} with Kafka unreachable`, () => {
    const databaseName = `b_${definition.name.replace(/-/g, '_')}_nokafka_${randomBytes(4).toString('hex')}`;
    let adminUrl: string;
    let service: RunningService<C> | undefined;

    beforeAll(async () => {
      adminUrl = infrastructure().adminUrl;
      await withAdmin(adminUrl, `CREATE DATABASE "${databaseName}"`);
      const databaseUrl = new URL(adminUrl);
      databaseUrl.pathname = `/${databaseName}`;
      service = await createServiceApp(definition, {
        PORT: '0',
        DATABASE_URL: databaseUrl.toString(),
        // Port 9 (discard) on loopback: nothing listens there, so every connection is refused.
        KAFKA_BROKERS: '127.0.0.1:9',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      });
    });

    afterAll(async () => {
      await service?.close();
      if (adminUrl) await withAdmin(adminUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    });

    it('still starts, and /health/ready answers 503 naming Kafka as down', async () => {
      const document = (await loadOpenApiDocument(
        service?.context.contractsDir ?? '',
        definition.name,
      )) as unknown as Record<string, unknown>;
      const response = await fetch(`${service?.url}/health/ready`);
      const body = (await response.json()) as Record<string, unknown>;
      new OpenApiResponseValidator(document).assertValid({
        path: '/health/ready',
        method: 'GET',
        status: response.status,
        contentType: 'application/json',
        body,
      });
      expect(response.status).toBe(503);
      expect(body).toMatchObject({
        status: 'not_ready',
        checks: { database: { status: 'up' }, kafka: { status: 'down', error: expect.any(String) } },
      });
    });
  });
}
