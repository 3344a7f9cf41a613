import { randomBytes } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  DidResolutionService,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
} from '@dpi/did';
import { SignedEventConsumer } from '../consumer/signed-event.consumer';
import { EnvelopeSigner } from '../envelope.signer';
import { EnvelopeVerifier } from '../envelope.verifier';
import { JsonSchemaRegistry } from '../json-schema.registry';
import { PublishPolicy } from '../publish-policy';
import {
  EFFECT_TABLE,
  recordEffect,
  createMessagingTestBed,
  createTopicWithDlt,
  eventually,
  startConsumerAtEnd,
  type MessagingTestBed,
} from '../testing/messaging-test-bed';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';

const TYPE = 'org.dpi.test.counter.incremented.v1';
const SCHEMA = {
  type: 'object',
  required: ['key', 'n'],
  additionalProperties: false,
  properties: { key: { type: 'string' }, n: { type: 'integer' } },
};

describe('transactional outbox and relay against the real broker and PostgreSQL', () => {
  let bed: MessagingTestBed;
  let topic: string;
  let writer: OutboxWriter;
  let verifier: EnvelopeVerifier;
  const producers: Producer[] = [];
  const relays: OutboxRelay[] = [];
  let consumer: SignedEventConsumer | undefined;

  beforeAll(async () => {
    bed = await createMessagingTestBed('m_outbox');
    topic = `test.outbox.${randomBytes(4).toString('hex')}`;
    await createTopicWithDlt(topic, 3);
    // A did:key publisher: its document is derived from the DID, no registry needed.
    const { privateKey, publicKey } = generateEd25519KeyPair();
    const source = didKeyFromPublicKey(publicKey);
    writer = new OutboxWriter(
      new EnvelopeSigner({ privateKey, kid: didKeyVerificationMethodId(source), source }),
    );
    verifier = new EnvelopeVerifier({
      resolution: new DidResolutionService({ web: false }),
      policy: new PublishPolicy([{ source, topic, types: [TYPE] }]),
      schemas: JsonSchemaRegistry.fromSchemas({ [TYPE]: SCHEMA }),
    });
  }, 60_000);

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    while (relays.length > 0) await relays.pop()?.stop();
    while (producers.length > 0) await producers.pop()?.disconnect();
    await bed.dataSource.query(`TRUNCATE ${EFFECT_TABLE}, messaging_inbox, messaging_outbox`);
  });

  afterAll(async () => bed?.close());

  async function idempotentProducer(): Promise<Producer> {
    const producer = bed.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    producers.push(producer);
    return producer;
  }

  async function newRelay(producer?: Producer): Promise<OutboxRelay> {
    const relay = new OutboxRelay({
      dataSource: bed.dataSource,
      producer: producer ?? (await idempotentProducer()),
      logger: bed.logger,
      idleMs: 20,
    });
    relays.push(relay);
    return relay;
  }

  async function startConsumer(): Promise<void> {
    consumer = await startConsumerAtEnd(bed, {
      topics: [topic],
      verifier,
      handlers: { [TYPE]: recordEffect },
    });
  }

  /** Writes a business row and its event in one transaction, as a service does. */
  async function enqueue(key: string, n: number, commit = true): Promise<string> {
    let id = '';
    const work = bed.dataSource.transaction(async (manager) => {
      const record = await writer.enqueue(manager, {
        topic,
        key,
        type: TYPE,
        subject: key,
        data: { key, n },
      });
      id = record.headers.ce_id as string;
      if (!commit) throw new Error('business rule failed: roll back');
    });
    if (commit) await work;
    else await expect(work).rejects.toThrow('roll back');
    return id;
  }

  const unpublished = async () =>
    (
      await bed.dataSource.query('SELECT count(*)::int AS n FROM messaging_outbox WHERE published_at IS NULL')
    )[0].n as number;

  it('publishes an event committed while no relay ran (killed between commit and publish) once the relay starts, and never a rolled-back one', async () => {
    await startConsumer();
    const committed = await enqueue('acct-1', 1);
    await enqueue('acct-1', 2, false);
    expect(await unpublished()).toBe(1);

    (await newRelay()).start();
    expect(await eventually(async () => (await bed.effects()).length === 1)).toBe(true);
    expect(await unpublished()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await bed.effects()).map((effect) => effect.event_id)).toEqual([committed]);
  }, 60_000);

  it('a relay that dies after sending and before marking republishes on restart, and the event takes effect once', async () => {
    await startConsumer();
    const real = await idempotentProducer();
    // The first relay's producer sends for real, then "crashes" before the relay can mark the rows sent.
    const dying = {
      sendBatch: async (batch: Parameters<Producer['sendBatch']>[0]) => {
        await real.sendBatch(batch);
        throw new Error('process killed');
      },
    } as unknown as Producer;
    const ids = [await enqueue('acct-2', 1), await enqueue('acct-2', 2)];
    await expect((await newRelay(dying)).publishPending()).rejects.toThrow('process killed');
    expect(await unpublished()).toBe(2);

    expect(await (await newRelay()).publishPending()).toBe(2);
    expect(await unpublished()).toBe(0);
    expect(await eventually(async () => (await bed.effects()).length >= 2)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Four records reached Kafka; the inbox let two of them take effect.
    expect((await bed.effects()).map((effect) => effect.event_id)).toEqual(ids);
  }, 60_000);

  it('keeps per-key order across partitions and batches', async () => {
    await startConsumer();
    const keys = ['acct-a', 'acct-b', 'acct-c', 'acct-d'];
    for (let n = 1; n <= 50; n++) for (const key of keys) await enqueue(key, n);
    const relay = await newRelay();
    relay.start();
    expect(await eventually(async () => (await bed.effects()).length === 200, 45_000)).toBe(true);
    const seen = (await bed.effects()).map((effect) => JSON.parse(effect.body) as { key: string; n: number });
    for (const key of keys)
      expect(seen.filter((e) => e.key === key).map((e) => e.n)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
  }, 60_000);

  it("refuses to enqueue outside a transaction (the event would not share the business row's fate)", async () => {
    await expect(
      writer.enqueue(bed.dataSource.manager, { topic, key: 'x', type: TYPE, data: { key: 'x', n: 1 } }),
    ).rejects.toThrow(/open transaction/);
  });
});
