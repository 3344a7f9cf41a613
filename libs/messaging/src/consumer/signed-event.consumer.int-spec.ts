import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigResourceTypes, type KafkaMessage, type Producer } from 'kafkajs';
import { DidResolutionService } from '@dpi/did';
import { EnvelopeSigner } from '../envelope.signer';
import type { ConsumedRecord } from '../kafka-record.types';
import {
  EFFECT_TABLE,
  recordEffect,
  createMessagingTestBed,
  createTopicWithDlt,
  eventually,
  startConsumerAtEnd,
  TopicRecorder,
  type MessagingTestBed,
} from '../testing/messaging-test-bed';
import { vectorKeys, type MessageVector } from '../vectors/message-vectors';
import { recordOfVector, staticDidDriver, verifierForVector } from '../vectors/vector-verifier.util';
import { EventRejectedError } from './event-rejected.error';
import { SignedEventConsumer, type EventHandler } from './signed-event.consumer';

const VECTORS_DIR = join(__dirname, '..', '..', '..', '..', 'contracts', 'vectors', 'messages');
const vectors = readdirSync(VECTORS_DIR)
  .filter((name) => /^\d\d-.*\.json$/.test(name))
  .sort()
  .map((name) => ({
    name,
    vector: JSON.parse(readFileSync(join(VECTORS_DIR, name), 'utf8')) as MessageVector,
  }));
const anyVector = (vectors[0] as { vector: MessageVector }).vector;
// The vectors are signed for this topic (their signatures bind it); one is replayed on another topic.
const TOPIC = anyVector.topic;
const TOPICS = [...new Set(vectors.map(({ vector }) => vector.topic))];
const RECORDED = 'org.dpi.vectors.sample.recorded.v1';

function asMessage(record: ConsumedRecord) {
  return { key: record.key, value: record.value, headers: record.headers as Record<string, string> };
}

/** Signs events as the vectors' publisher A (did:web:psp-a..., key-1), allowed by the vectors' policy. */
function publisherA(): EnvelopeSigner {
  const key = vectorKeys().find((k) => k.name === 'psp-a-key-1');
  if (!key) throw new Error('vector key psp-a-key-1 is missing');
  return new EnvelopeSigner({
    privateKey: key.privateKey,
    kid: key.kid,
    source: key.kid.split('#')[0] as string,
  });
}

describe('SignedEventConsumer against the real broker and PostgreSQL', () => {
  let bed: MessagingTestBed;
  let producer: Producer;
  const consumers: SignedEventConsumer[] = [];

  beforeAll(async () => {
    bed = await createMessagingTestBed('m_consumer');
    for (const topic of TOPICS) await createTopicWithDlt(topic);
    // The too-large vector's value is 1 MiB + 1 byte, over Kafka's default record limit.
    await bed.admin.alterConfigs({
      validateOnly: false,
      resources: TOPICS.flatMap((topic) => [topic, `${topic}.dlt`]).map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configEntries: [{ name: 'max.message.bytes', value: String(2 * 1024 * 1024) }],
      })),
    });
    producer = bed.kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }, 60_000);

  afterEach(async () => {
    while (consumers.length > 0) await consumers.pop()?.stop();
    await bed.dataSource.query(`TRUNCATE ${EFFECT_TABLE}, messaging_inbox`);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await bed?.close();
  });

  async function startConsumer(
    handlers: Record<string, EventHandler>,
    resolution?: DidResolutionService,
  ): Promise<SignedEventConsumer> {
    const consumer = await startConsumerAtEnd(bed, {
      topics: TOPICS,
      verifier: verifierForVector(anyVector, resolution),
      handlers,
      retry: { initialMs: 20, maxMs: 100, maxAttempts: 3 },
    });
    consumers.push(consumer);
    return consumer;
  }

  it('applies each accepted vector once and dead-letters each rejected one with its reason, origin and original bytes', async () => {
    const recorders = new Map<string, TopicRecorder>();
    for (const topic of TOPICS)
      recorders.set(topic, await TopicRecorder.start(bed.kafka, bed.admin, `${topic}.dlt`));
    await startConsumer({ [RECORDED]: recordEffect });
    for (const { vector } of vectors) {
      const deliveries = vector.redelivery ? [vector, vector] : [vector];
      await producer.send({
        topic: vector.topic,
        messages: deliveries.map((v) => asMessage(recordOfVector(v))),
      });
    }

    const accepted = vectors.filter(({ vector }) => vector.expected.verdict === 'accept');
    const rejected = vectors.filter(({ vector }) => vector.expected.verdict === 'reject');
    const letters: Array<{ topic: string; letter: KafkaMessage }> = [];
    for (const [topic, recorder] of recorders) {
      const expected = rejected.filter(({ vector }) => vector.topic === topic).length;
      for (const letter of await recorder.waitForCount(expected)) letters.push({ topic, letter });
      await recorder.stop();
    }
    expect(await eventually(async () => (await bed.effects()).length >= accepted.length)).toBe(true);

    // Exactly one effect per accepted vector: the redelivered duplicate took none.
    expect((await bed.effects()).map((effect) => effect.event_id)).toEqual(
      accepted.map(({ vector }) => vector.headers.ce_id),
    );
    // One dead letter per rejected vector, in order on each topic, unchanged but for the dlt_* headers.
    const expectedLetters = TOPICS.flatMap((topic) =>
      rejected.filter(({ vector }) => vector.topic === topic),
    );
    expect(letters).toHaveLength(expectedLetters.length);
    letters.forEach(({ topic, letter }, index) => {
      const { name, vector } = expectedLetters[index] as { name: string; vector: MessageVector };
      const headers = letter.headers ?? {};
      expect({ name, reason: headers.dlt_reason?.toString() }).toEqual({
        name,
        reason: vector.expected.reason,
      });
      expect(headers.dlt_origin_topic?.toString()).toBe(topic);
      expect(headers.dlt_origin_partition?.toString()).toBe('0');
      expect(headers.dlt_detail?.toString().length).toBeGreaterThan(0);
      expect(letter.value?.equals(Buffer.from(vector.value, 'base64'))).toBe(true);
      expect(headers.ce_signature?.toString()).toBe(vector.headers.ce_signature);
    });
  }, 60_000);

  it('dead-letters a reused id with different content as DUPLICATE, after the first took effect', async () => {
    const dlt = await TopicRecorder.start(bed.kafka, bed.admin, `${TOPIC}.dlt`);
    await startConsumer({ [RECORDED]: recordEffect });
    const signer = publisherA();
    const id = `reuse-${randomBytes(4).toString('hex')}`;
    const first = signer.sign({
      topic: TOPIC,
      key: 'S-1',
      type: RECORDED,
      id,
      data: { sampleId: 'S-1', amount: '100', currency: 'EUR' },
    });
    const second = signer.sign({
      topic: TOPIC,
      key: 'S-1',
      type: RECORDED,
      id,
      data: { sampleId: 'S-1', amount: '999', currency: 'EUR' },
    });
    await producer.send({ topic: TOPIC, messages: [first, second] });

    const [letter] = await dlt.waitForCount(1);
    await dlt.stop();
    expect(letter?.headers?.dlt_reason?.toString()).toBe('DUPLICATE');
    expect(letter?.headers?.dlt_detail?.toString()).toMatch(/different content/);
    expect(await bed.effects()).toEqual([
      {
        event_id: id,
        subject: null,
        body: JSON.stringify({ sampleId: 'S-1', amount: '100', currency: 'EUR' }),
      },
    ]);
  }, 60_000);

  it('retries a handler that fails transiently, then applies the event once', async () => {
    let calls = 0;
    const flaky: EventHandler = async (event, context) => {
      calls++;
      if (calls < 3) throw new Error('database briefly unavailable');
      await recordEffect(event, context);
    };
    await startConsumer({ [RECORDED]: flaky });
    const record = publisherA().sign({
      topic: TOPIC,
      key: 'S-2',
      type: RECORDED,
      data: { sampleId: 'S-2', amount: '1', currency: 'EUR' },
    });
    await producer.send({ topic: TOPIC, messages: [record] });

    expect(await eventually(async () => (await bed.effects()).length === 1)).toBe(true);
    expect(calls).toBe(3);
  }, 60_000);

  it('dead-letters HANDLER_FAILED after the last retry and HANDLER_REJECTED at once, and goes on consuming', async () => {
    const dlt = await TopicRecorder.start(bed.kafka, bed.admin, `${TOPIC}.dlt`);
    const handler: EventHandler = async (event, context) => {
      const { sampleId } = event.data as { sampleId: string };
      if (sampleId === 'broken') throw new Error('always fails');
      if (sampleId === 'impossible') throw new EventRejectedError('sample S-404 does not exist');
      await recordEffect(event, context);
    };
    await startConsumer({ [RECORDED]: handler });
    const signer = publisherA();
    const sign = (sampleId: string) =>
      signer.sign({
        topic: TOPIC,
        key: sampleId,
        type: RECORDED,
        data: { sampleId, amount: '5', currency: 'EUR' },
      });
    const after = sign('after');
    await producer.send({ topic: TOPIC, messages: [sign('broken'), sign('impossible'), after] });

    const letters = await dlt.waitForCount(2);
    await dlt.stop();
    expect(letters.map((letter) => letter.headers?.dlt_reason?.toString())).toEqual([
      'HANDLER_FAILED',
      'HANDLER_REJECTED',
    ]);
    expect(letters[0]?.headers?.dlt_detail?.toString()).toMatch(/always fails \(gave up after 3 attempts\)/);
    expect(await eventually(async () => (await bed.effects()).length === 1)).toBe(true);
    expect((await bed.effects())[0]?.event_id).toBe(after.headers.ce_id);
  }, 60_000);

  it('retries a transient DID resolution failure instead of dead-lettering, then accepts the event', async () => {
    let failuresLeft = 2;
    const healthy = staticDidDriver(anyVector.didResolutions);
    const resolution = new DidResolutionService({
      drivers: {
        web: async (did, parsed, resolver, options) => {
          if (failuresLeft-- > 0) throw new Error('connect ECONNREFUSED (registry restarting)');
          return healthy(did, parsed, resolver, options);
        },
      },
    });
    await startConsumer({ [RECORDED]: recordEffect }, resolution);
    const record = publisherA().sign({
      topic: TOPIC,
      key: 'S-3',
      type: RECORDED,
      data: { sampleId: 'S-3', amount: '7', currency: 'EUR' },
    });
    await producer.send({ topic: TOPIC, messages: [record] });

    expect(await eventually(async () => (await bed.effects()).length === 1)).toBe(true);
    expect(failuresLeft).toBeLessThan(0);
  }, 60_000);
});
