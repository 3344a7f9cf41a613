import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  writePrivateKeyFile,
} from '@dpi/did';
import { CreateMessagingTablesMigration, EnvelopeSigner } from '@dpi/messaging';
import { createTopicsFromContracts } from '@dpi/local-infra';
import {
  createTestDatabase,
  createTestKafka,
  createTopic,
  pollUntil,
  startCrashableKafka,
  type CrashableKafka,
  type TestDatabase,
} from '@dpi/testing';

import { createServiceApp, type RunningService } from '../bootstrap/create-service-app';
import type { ServiceDefinition } from '../bootstrap/service-definition';
import { baseConfigSchema, portSchema } from '../config/base-config.schema';
import { CreateServiceMetadataMigration } from '../database/create-service-metadata.migration';
import { SERVICE_STARTED_TYPE } from '../lifecycle/service-started.event';
import { MessagingRuntime, type MessagingHealth } from './messaging-runtime';

const CONTRACTS = join(__dirname, '..', '..', '..', '..', 'contracts', 'asyncapi');
const DID_TOPIC = 'identity.dids';
const UPDATED = 'org.dpi.identity.did.updated.v1';
const OUTBOUND_TYPE = 'org.dpi.identity.did.updated.v1';

@Module({})
class NoFeatures {}

class CreateServiceMetadata1763856000000 extends CreateServiceMetadataMigration {
  protected readonly service = 'payment-switch';
}
class CreateMessagingTables1764100000000 extends CreateMessagingTablesMigration {}

interface Readiness {
  status: string;
  messaging: MessagingHealth;
}

const until = <T>(probe: () => Promise<T | undefined>, timeoutMs: number) =>
  pollUntil(probe, { timeoutMs, intervalMs: 200 });

/** The sum of a metric's samples whose labels contain `labels` (Prometheus text format). */
function metricSum(text: string, name: string, labels = ''): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => line.includes(labels))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

// A real service app on a broker of its own, which the test SIGKILLs and starts again (same ports, same data).
describe('a broker crash: readiness, the outbox backlog and the DID cache say what happened', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'c-crash-'));
  const lifecycleTopic = `test.lifecycle.crash.${randomBytes(4).toString('hex')}`;
  const outboundTopic = `test.outbound.crash.${randomBytes(4).toString('hex')}`;
  const registryKey = generateEd25519KeyPair().privateKey;
  const registryDid = didKeyFromPublicKey(createPublicKey(registryKey));
  const registry = new EnvelopeSigner({
    privateKey: registryKey,
    kid: didKeyVerificationMethodId(registryDid),
    source: registryDid,
  });
  const serviceKey = generateEd25519KeyPair().privateKey;
  const serviceDid = didKeyFromPublicKey(createPublicKey(serviceKey));
  const currentPeer = randomUUID();
  let broker: CrashableKafka;
  let database: TestDatabase;
  let service: RunningService | undefined;

  const definition: ServiceDefinition = {
    name: 'payment-switch',
    module: NoFeatures,
    configSchema: baseConfigSchema.extend({ PORT: portSchema(0) }),
    database: { migrations: [CreateServiceMetadata1763856000000, CreateMessagingTables1764100000000] },
  };

  const readiness = async () => (await (await fetch(`${service?.url}/health/ready`)).json()) as Readiness;
  const metrics = async () => (await fetch(`${service?.url}/metrics`)).text();
  const dataSource = () => (service as RunningService).app.get(DataSource);

  beforeAll(async () => {
    broker = await startCrashableKafka();
    await createTopicsFromContracts(broker.brokers, CONTRACTS);
    await createTopic(lifecycleTopic, { brokers: broker.brokers });
    await createTopic(outboundTopic, { brokers: broker.brokers });
    database = await createTestDatabase('c_crash');
    await writePrivateKeyFile(join(keyDir, 'service.pem'), serviceKey);
    writeFileSync(
      join(keyDir, 'policy.json'),
      JSON.stringify({
        rules: [
          { source: registryDid, topic: DID_TOPIC, types: [UPDATED] },
          { source: serviceDid, topic: lifecycleTopic, types: [SERVICE_STARTED_TYPE] },
        ],
      }),
    );
    // Before the service starts: an announcement older than the peer window (from a key the policy denies,
    // so reading it would show as a rejection), then a current one from an allowed key.
    const serviceSigner = new EnvelopeSigner({
      privateKey: serviceKey,
      kid: didKeyVerificationMethodId(serviceDid),
      source: serviceDid,
    });
    const announcement = (signer: EnvelopeSigner, instanceId: string) =>
      signer.sign({
        topic: lifecycleTopic,
        key: 'payment-switch',
        type: SERVICE_STARTED_TYPE,
        data: {
          service: 'payment-switch',
          version: '0.0.1',
          instanceId,
          startedAt: new Date().toISOString(),
        },
      });
    const producer = createTestKafka('crash-peers', broker.brokers).producer();
    await producer.connect();
    await producer.send({
      topic: lifecycleTopic,
      messages: [
        { ...announcement(registry, randomUUID()), timestamp: String(Date.now() - 3_600_000) },
        announcement(serviceSigner, currentPeer),
      ],
    });
    await producer.disconnect();
    service = await createServiceApp(definition, {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: broker.brokers.join(','),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      LIFECYCLE_TOPIC: lifecycleTopic,
      SERVICE_KEY_FILE: join(keyDir, 'service.pem'),
      PUBLISH_POLICY_FILE: join(keyDir, 'policy.json'),
    });
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await database?.drop();
    await broker?.stop();
    rmSync(keyDir, { recursive: true, force: true });
  }, 60_000);

  it('lists every consumer in /health/ready, counts what they consume, and reads announcements from the peer window on', async () => {
    const ready = await until(async () => {
      const body = await readiness();
      return body.status === 'ready' ? body : undefined;
    }, 60_000);
    expect(ready?.messaging.consumers.map(({ name, running }) => ({ name, running }))).toEqual(
      expect.arrayContaining([
        { name: 'did-cache', running: true },
        { name: 'lifecycle', running: true },
      ]),
    );
    // The follower starts at the peer window: it reads the current announcement, not the hour-old one.
    const peers = await until(async () => {
      const body = (await (await fetch(`${service?.url}/sandbox/peers`)).json()) as Array<{
        instanceId: string;
      }>;
      return body.some((peer) => peer.instanceId === currentPeer) ? body : undefined;
    }, 30_000);
    expect(peers).toBeDefined();
    expect(metricSum(await metrics(), 'messaging_rejected_total', `topic="${lifecycleTopic}"`)).toBe(0);
    // Its own announcement, read back by its lifecycle follower.
    const counted = await until(async () => {
      const sum = metricSum(await metrics(), 'messaging_consumed_total', `topic="${lifecycleTopic}"`);
      return sum > 0 ? sum : undefined;
    }, 30_000);
    expect(counted).toBeGreaterThan(0);
  }, 90_000);

  it('while the broker is down: not ready, every consumer out of its group, the backlog gauge counts the waiting rows', async () => {
    await broker.kill();
    const waiting = 25;
    const runtime = service?.app.get(MessagingRuntime) as MessagingRuntime;
    await dataSource().transaction(async (manager) => {
      for (let n = 0; n < waiting; n++) {
        const did = `did:dpi:outbound${n}`;
        await runtime.outbox.enqueue(manager, {
          topic: outboundTopic,
          key: did,
          type: OUTBOUND_TYPE,
          data: { did, versionId: '2', time: '2026-11-29T10:00:00Z' },
        });
      }
    });
    const down = await until(async () => {
      const body = await readiness();
      return body.status === 'not_ready' && body.messaging.consumers.every((c) => !c.running)
        ? body
        : undefined;
    }, 60_000);
    expect(down?.messaging.consumers.length).toBeGreaterThanOrEqual(2);
    const [row] = (await dataSource().query(
      'SELECT count(*)::int AS n FROM messaging_outbox WHERE published_at IS NULL',
    )) as Array<{ n: number }>;
    expect(row?.n).toBe(waiting);
    expect(metricSum(await metrics(), 'messaging_outbox_backlog')).toBe(waiting);
  }, 90_000);

  it('after the restart: ready only once every consumer has rejoined, and no DID event of the gap is missed', async () => {
    await broker.restart();
    // Published at once, before the consumers have rejoined their groups (that takes up to a session timeout).
    const kafka = createTestKafka('crash-registry', broker.brokers);
    const producer = kafka.producer();
    await producer.connect();
    const events = Array.from({ length: 30 }, (_, n) => {
      const did = `did:dpi:rotated${n}`;
      return registry.sign({
        topic: DID_TOPIC,
        key: did,
        type: UPDATED,
        subject: did,
        data: { did, versionId: '2', previousVersionId: '1', time: '2026-11-29T10:00:00Z' },
      });
    });
    await producer.send({ topic: DID_TOPIC, messages: events });
    await producer.disconnect();

    const early: Readiness[] = [];
    const ready = await until(async () => {
      const body = await readiness();
      if (body.status === 'ready' && body.messaging.consumers.some((c) => !c.running)) early.push(body);
      return body.status === 'ready' ? body : undefined;
    }, 120_000);
    expect(early).toEqual([]);
    expect(ready?.messaging.consumers.every((c) => c.running)).toBe(true);

    const consumed = await until(async () => {
      const sum = metricSum(await metrics(), 'messaging_consumed_total', `topic="${DID_TOPIC}"`);
      return sum >= events.length ? sum : undefined;
    }, 60_000);
    expect(consumed).toBe(events.length);
    const drained = await until(async () => {
      const backlog = metricSum(await metrics(), 'messaging_outbox_backlog');
      return backlog === 0 ? backlog : undefined;
    }, 60_000);
    expect(drained).toBe(0);
  }, 240_000);
});
