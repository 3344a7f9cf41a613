import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { didKeyFromPublicKey, didKeyVerificationMethodId, generateEd25519KeyPair } from '@dpi/did';
import { CreateMessagingTablesMigration, EnvelopeSigner } from '@dpi/messaging';
import { createTestDatabase, createTestKafka, createTopic, pollUntil, type TestDatabase } from '@dpi/testing';

import { createServiceApp, type RunningService } from '../bootstrap/create-service-app';
import type { ServiceDefinition } from '../bootstrap/service-definition';
import { baseConfigSchema, portSchema } from '../config/base-config.schema';
import { CreateServiceMetadataMigration } from '../database/create-service-metadata.migration';
import type { MessagingHealth } from './messaging-runtime';
import { OnSignedEvent } from './on-signed-event.decorator';
import { SignedEventContext } from './signed-event.context';

const UPDATED = 'org.dpi.identity.did.updated.v1';
const byName = (a: { name?: string }, b: { name?: string }) => (a.name ?? '').localeCompare(b.name ?? '');

@Controller()
class DidUpdatesRecorder {
  @OnSignedEvent(UPDATED)
  async onUpdated(
    @Payload() data: { did: string; versionId: string },
    @Ctx() context: SignedEventContext,
  ): Promise<void> {
    await context
      .getManager()
      .query('INSERT INTO test_effect (event_id, source, did) VALUES ($1, $2, $3)', [
        context.getEvent().id,
        context.getEvent().source,
        data.did,
      ]);
  }
}

@Module({ controllers: [DidUpdatesRecorder] })
class RecorderFeatures {}

class CreateServiceMetadata1763856000000 extends CreateServiceMetadataMigration {
  protected readonly service = 'payment-switch';
}
class CreateMessagingTables1764100000000 extends CreateMessagingTablesMigration {}
class CreateTestEffect1764200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE test_effect (event_id text NOT NULL, source text NOT NULL, did text NOT NULL)',
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE test_effect');
  }
}

// A real service app (the payment-switch's contract and name, a recorder feature) consuming through the transport.
describe('SignedKafkaTransport: @EventPattern handlers behind verification, inbox and dead letters', () => {
  const topic = `test.transport.${randomBytes(4).toString('hex')}`;
  const lifecycleTopic = `test.lifecycle.transport.${randomBytes(4).toString('hex')}`;
  const keyDir = mkdtempSync(join(tmpdir(), 'c-transport-'));
  const publisherKey = generateEd25519KeyPair().privateKey;
  const publisherDid = didKeyFromPublicKey(createPublicKey(publisherKey));
  const publisher = new EnvelopeSigner({
    privateKey: publisherKey,
    kid: didKeyVerificationMethodId(publisherDid),
    source: publisherDid,
  });
  const kafka = createTestKafka('transport-test');
  let database: TestDatabase;
  let service: RunningService | undefined;

  const definition: ServiceDefinition = {
    name: 'payment-switch',
    module: RecorderFeatures,
    configSchema: baseConfigSchema.extend({ PORT: portSchema(0) }),
    database: {
      migrations: [
        CreateServiceMetadata1763856000000,
        CreateMessagingTables1764100000000,
        CreateTestEffect1764200000000,
      ],
    },
    consumes: { topics: [topic], groupId: `transport-test-${randomBytes(4).toString('hex')}` },
  };

  const readiness = async () =>
    (await (await fetch(`${service?.url}/health/ready`)).json()) as {
      status: string;
      messaging: MessagingHealth;
    };

  const until = <T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000) =>
    pollUntil(probe, { timeoutMs });

  beforeAll(async () => {
    await createTopic(topic);
    // Readiness waits for the lifecycle follower too, which needs its topic (the broker creates none).
    await createTopic(lifecycleTopic);
    await createTopic(`${topic}.dlt`);
    database = await createTestDatabase('c_transport');
    writeFileSync(
      join(keyDir, 'policy.json'),
      JSON.stringify({ rules: [{ source: publisherDid, topic, types: [UPDATED] }] }),
    );
    service = await createServiceApp(definition, {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      LIFECYCLE_TOPIC: lifecycleTopic,
      SERVICE_KEY_FILE: join(keyDir, 'service.pem'),
      SERVICE_KEY_GENERATE: 'true',
      PUBLISH_POLICY_FILE: join(keyDir, 'policy.json'),
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await database?.drop();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('reports every consumer on /health/ready once they run: its own, the DID cache and the lifecycle follower', async () => {
    const ready = await until(async () => {
      const body = await readiness();
      return body.status === 'ready' ? body : undefined;
    });
    expect(ready?.messaging.consumers.map(({ name, running }) => ({ name, running })).sort(byName)).toEqual(
      [
        { name: definition.consumes?.groupId, running: true },
        { name: 'did-cache', running: true },
        { name: 'lifecycle', running: true },
      ].sort(byName),
    );
  }, 40_000);

  it('hands a verified event to the handler once, skips its redelivery, and dead-letters a tampered copy', async () => {
    const letters: KafkaMessage[] = [];
    const dlt = kafka.consumer({ groupId: `dlt-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100 });
    await dlt.connect();
    await dlt.subscribe({ topic: `${topic}.dlt`, fromBeginning: true });
    await dlt.run({ eachMessage: async ({ message }) => void letters.push(message) });
    const producer = kafka.producer();
    await producer.connect();
    const did = 'did:dpi:LeeSNtAvGgEYGxjDCvrdVB';
    const event = publisher.sign({
      topic,
      key: did,
      type: UPDATED,
      subject: did,
      data: { did, versionId: '2', time: '2026-11-24T10:00:00Z' },
    });
    const tampered = {
      ...event,
      value: Buffer.from(JSON.stringify({ did, versionId: '3', time: '2026-11-24T10:00:00Z' })),
    };
    await producer.send({ topic, messages: [event, event, tampered] });
    await producer.disconnect();

    const rows = await until(async () => {
      const result = await selectEffects();
      return result.length > 0 && letters.length > 0 ? result : undefined;
    });
    // Give a wrongly applied redelivery time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await dlt.disconnect();
    expect(rows).toEqual([{ event_id: event.headers.ce_id, source: publisherDid, did }]);
    expect(await selectEffects()).toHaveLength(1);
    expect(letters.map((letter) => letter.headers?.dlt_reason?.toString())).toEqual(['BAD_SIGNATURE']);
    const metrics = await (await fetch(`${service?.url}/metrics`)).text();
    expect(metrics).toMatch(
      /messaging_consumed_total\{[^}]*type="org\.dpi\.identity\.did\.updated\.v1"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/messaging_duplicates_total\{[^}]*\} 1/);
  }, 60_000);

  async function selectEffects(): Promise<Array<{ event_id: string; source: string; did: string }>> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query('SELECT event_id, source, did FROM test_effect')).rows as Array<{
        event_id: string;
        source: string;
        did: string;
      }>;
    } finally {
      await client.end();
    }
  }
});
