import { randomBytes } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import {
  DidResolutionService,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
} from '@dpi/did';
import { createTopic, startCrashableKafka, type CrashableKafka } from '@dpi/testing';
import { DID_CHANGE_TYPES, DidCacheInvalidator } from '../consumer/did-cache.invalidator';
import { SignedEventConsumer } from '../consumer/signed-event.consumer';
import { deadLetterTopic } from '../dead-letter.util';
import { EnvelopeSigner } from '../envelope.signer';
import { EnvelopeVerifier } from '../envelope.verifier';
import { JsonSchemaRegistry } from '../json-schema.registry';
import { messagingMetrics, type MessagingMetrics } from '../messaging.metrics';
import { PublishPolicy } from '../publish-policy';
import {
  EFFECT_TABLE,
  createMessagingTestBed,
  eventually,
  recordEffect,
  type MessagingTestBed,
} from '../testing/messaging-test-bed';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';

const UPDATED = 'org.dpi.identity.did.updated.v1';
const COUNTED = 'org.dpi.test.counter.incremented.v1';
const SCHEMAS = {
  [UPDATED]: { type: 'object', required: ['did'], properties: { did: { type: 'string' } } },
  [COUNTED]: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
};

// A broker of this file's own, SIGKILLed and started again on the same ports and data folder, as a crash does.
describe('a broker crash under load loses nothing and applies nothing twice', () => {
  let broker: CrashableKafka;
  let bed: MessagingTestBed;
  let writer: OutboxWriter;
  let verifier: EnvelopeVerifier;
  let metrics: MessagingMetrics;
  const didTopic = `test.crash.dids.${randomBytes(4).toString('hex')}`;
  const dataTopic = `test.crash.data.${randomBytes(4).toString('hex')}`;
  const stoppers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    broker = await startCrashableKafka();
    for (const topic of [didTopic, dataTopic, deadLetterTopic(dataTopic)])
      await createTopic(topic, { brokers: broker.brokers, partitions: topic === dataTopic ? 3 : 1 });
    bed = await createMessagingTestBed('m_crash', broker.brokers);
    const { privateKey, publicKey } = generateEd25519KeyPair();
    const source = didKeyFromPublicKey(publicKey);
    writer = new OutboxWriter(
      new EnvelopeSigner({ privateKey, kid: didKeyVerificationMethodId(source), source }),
    );
    verifier = new EnvelopeVerifier({
      resolution: new DidResolutionService({ web: false }),
      policy: new PublishPolicy([
        { source, topic: didTopic, types: [...DID_CHANGE_TYPES] },
        { source, topic: dataTopic, types: [COUNTED] },
      ]),
      schemas: JsonSchemaRegistry.fromSchemas(SCHEMAS),
    });
    metrics = messagingMetrics(new Registry());
  }, 120_000);

  afterEach(async () => {
    while (stoppers.length > 0) await stoppers.pop()?.();
    await bed.dataSource.query(`TRUNCATE ${EFFECT_TABLE}, messaging_inbox, messaging_outbox`);
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
    await broker?.stop();
  }, 60_000);

  async function startRelay(batchSize = 500): Promise<OutboxRelay> {
    // As a service's relay: idempotent, and kafkajs retries kept short (the relay retries on its own).
    const producer: Producer = bed.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 2, maxRetryTime: 1_000 },
    });
    await producer.connect();
    const relay = new OutboxRelay({
      dataSource: bed.dataSource,
      producer,
      logger: bed.logger,
      metrics,
      batchSize,
      idleMs: 20,
    });
    relay.start();
    stoppers.push(async () => {
      await relay.stop();
      await producer.disconnect().catch(() => undefined);
    });
    return relay;
  }

  const enqueue = (topic: string, type: string, items: Array<{ key: string; data: unknown }>) =>
    bed.dataSource.transaction(async (manager) => {
      for (const { key, data } of items) await writer.enqueue(manager, { topic, key, type, data });
    });
  const unpublished = async () =>
    (
      (await bed.dataSource.query(
        'SELECT count(*)::int AS n FROM messaging_outbox WHERE published_at IS NULL',
      )) as Array<{ n: number }>
    )[0]?.n ?? 0;
  const backlogGauge = async () => (await metrics.outboxBacklog.get()).values[0]?.value;
  const duplicates = async () =>
    (await metrics.duplicates.get()).values.reduce((sum, { value }) => sum + value, 0);

  it('the DID cache hears of every change made during the outage; the backlog gauge and the consumer state are true throughout', async () => {
    const resolution = new DidResolutionService({ web: false });
    const invalidated = new Set<string>();
    const invalidator = new DidCacheInvalidator({
      kafka: bed.kafka,
      verifier,
      resolution,
      logger: bed.logger,
      metrics,
      topic: didTopic,
      onInvalidated: (did) => invalidated.add(did),
    });
    await invalidator.start();
    stoppers.push(() => invalidator.stop());
    await startRelay();
    expect(await eventually(async () => invalidator.status().running)).toBe(true);

    // Load: the registry keeps changing DIDs (one transaction each) before, during and after the outage.
    const changed: string[] = [];
    let load = true;
    const loop = (async () => {
      for (let n = 0; load; n++) {
        const did = `did:dpi:changed${n}`;
        await enqueue(didTopic, UPDATED, [{ key: did, data: { did } }]);
        changed.push(did);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const stopLoad = async () => {
      load = false;
      await loop;
    };
    stoppers.push(stopLoad);
    expect(await eventually(async () => invalidated.size >= 20)).toBe(true);

    await broker.kill();
    const killedAt = changed.length;
    expect(await eventually(async () => changed.length >= killedAt + 100)).toBe(true);
    expect(await eventually(async () => !invalidator.status().running)).toBe(true);
    await stopLoad();
    const waiting = await unpublished();
    expect(waiting).toBeGreaterThanOrEqual(100);
    expect(await backlogGauge()).toBe(waiting);

    await broker.restart();
    // Whatever the relay published before the group rejoined must still reach the cache.
    // Deadlines, not timings: a restarted broker on a loaded 2-core machine takes a while to serve again.
    expect(await eventually(async () => (await unpublished()) === 0, 150_000)).toBe(true);
    expect(await eventually(async () => invalidated.size === changed.length, 150_000)).toBe(true);
    expect(changed.filter((did) => !invalidated.has(did))).toEqual([]);
    expect(invalidator.status().running).toBe(true);
    expect(await backlogGauge()).toBe(0);
  }, 480_000);

  it('a broker killed during an outbox pass, between the send and the mark: the resent records take effect once', async () => {
    const total = 1_000;
    const batch = 100;
    for (let start = 0; start < total; start += 500)
      await enqueue(
        dataTopic,
        COUNTED,
        Array.from({ length: 500 }, (_, i) => ({ key: `acct-${(start + i) % 17}`, data: { n: start + i } })),
      );
    const consumer = new SignedEventConsumer({
      kafka: bed.kafka,
      groupId: `crash-consumer-${randomBytes(4).toString('hex')}`,
      topics: [dataTopic],
      verifier,
      dataSource: bed.dataSource,
      handlers: { [COUNTED]: recordEffect },
      logger: bed.logger,
      metrics,
    });
    await consumer.start();
    stoppers.push(() => consumer.stop());
    const before = await bed.admin.fetchTopicOffsets(dataTopic);

    // Hold the first batch's rows so the relay, having sent them, waits to mark them published; then the
    // broker dies and so does the relay's database session: the batch is on the topic but not marked.
    const locker = bed.dataSource.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    await locker.query('SELECT id FROM messaging_outbox ORDER BY id LIMIT $1 FOR UPDATE', [batch]);
    await startRelay(batch);
    let relayPid: number | undefined;
    expect(
      await eventually(async () => {
        const [row] = (await bed.dataSource.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
              AND wait_event_type = 'Lock' AND query LIKE 'UPDATE messaging_outbox SET published_at%'`,
        )) as Array<{ pid: number }>;
        relayPid = row?.pid;
        return relayPid !== undefined;
      }),
    ).toBe(true);
    await broker.kill();
    await bed.dataSource.query('SELECT pg_terminate_backend($1)', [relayPid]);
    await locker.rollbackTransaction();
    await locker.release();
    expect(await unpublished()).toBe(total);
    await broker.restart();

    expect(await eventually(async () => (await unpublished()) === 0, 120_000)).toBe(true);
    expect(await eventually(async () => (await bed.effects()).length >= total, 120_000)).toBe(true);
    const after = await bed.admin.fetchTopicOffsets(dataTopic);
    const records = after.reduce((sum, { partition, high }) => {
      const low = before.find((p) => p.partition === partition)?.high ?? '0';
      return sum + Number(high) - Number(low);
    }, 0);
    // The first batch went out twice, and the inbox skipped the second copy of each of its events.
    expect(records).toBe(total + batch);
    expect(await eventually(async () => (await duplicates()) >= batch)).toBe(true);
    const ids = (await bed.effects()).map((effect) => effect.event_id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  }, 300_000);
});
