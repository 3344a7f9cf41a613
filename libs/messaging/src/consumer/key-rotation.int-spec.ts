import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import type { DIDDocument, DIDResolver } from 'did-resolver';
import {
  DidResolutionService,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  publicJwkFromKeyObject,
} from '@dpi/did';
import { loadAsyncApiDirectory } from '../asyncapi-schema.loader';
import { EnvelopeSigner } from '../envelope.signer';
import { EnvelopeVerifier } from '../envelope.verifier';
import { PublishPolicy } from '../publish-policy';
import {
  createMessagingTestBed,
  createTopicWithDlt,
  recordEffect,
  eventually,
  startConsumerAtEnd,
  TopicRecorder,
  type MessagingTestBed,
} from '../testing/messaging-test-bed';
import { DidCacheInvalidator } from './did-cache.invalidator';
import { SignedEventConsumer } from './signed-event.consumer';

const CONTRACTS = join(__dirname, '..', '..', '..', '..', 'contracts', 'asyncapi');
const TYPE = 'org.dpi.test.sample.recorded.v1';
const UPDATED = 'org.dpi.identity.did.updated.v1';
const PUBLISHER = 'did:web:rotating.publisher.test';

describe('key rotation: the registry event makes verifiers drop the retired key', () => {
  let bed: MessagingTestBed;
  let producer: Producer;
  let topic: string;
  let didTopic: string;
  let consumer: SignedEventConsumer;
  let invalidator: DidCacheInvalidator;
  const invalidated: string[] = [];
  const key1 = generateEd25519KeyPair();
  const key2 = generateEd25519KeyPair();
  const registryKey = generateEd25519KeyPair();
  const registryDid = didKeyFromPublicKey(registryKey.publicKey);
  const registry = new EnvelopeSigner({
    privateKey: registryKey.privateKey,
    kid: didKeyVerificationMethodId(registryDid),
    source: registryDid,
  });
  // What the publisher's DID document lists right now: the stand-in for the registry's stored versions.
  let currentKeys: Array<{ fragment: string; key: typeof key1 }> = [{ fragment: 'key-1', key: key1 }];

  const publisherDriver: DIDResolver = async (did) => {
    if (did !== PUBLISHER)
      return { didResolutionMetadata: { error: 'notFound' }, didDocument: null, didDocumentMetadata: {} };
    const document: DIDDocument = {
      id: PUBLISHER,
      verificationMethod: currentKeys.map(({ fragment, key }) => ({
        id: `${PUBLISHER}#${fragment}`,
        type: 'JsonWebKey',
        controller: PUBLISHER,
        publicKeyJwk: publicJwkFromKeyObject(key.publicKey),
      })),
      assertionMethod: currentKeys.map(({ fragment }) => `${PUBLISHER}#${fragment}`),
    };
    return {
      didResolutionMetadata: { contentType: 'application/did+json' },
      didDocument: document,
      didDocumentMetadata: { versionId: String(currentKeys.length) },
    };
  };

  const signerFor = (fragment: string, key: typeof key1) =>
    new EnvelopeSigner({ privateKey: key.privateKey, kid: `${PUBLISHER}#${fragment}`, source: PUBLISHER });
  const sample = (signer: EnvelopeSigner, sampleId: string) =>
    signer.sign({ topic, key: sampleId, type: TYPE, data: { sampleId } });

  beforeAll(async () => {
    bed = await createMessagingTestBed('m_rotation');
    topic = `test.rotation.${randomBytes(4).toString('hex')}`;
    didTopic = `test.dids.${randomBytes(4).toString('hex')}`;
    await createTopicWithDlt(topic);
    await createTopicWithDlt(didTopic);
    producer = bed.kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();

    // One resolution cache with the default five-minute lifetime: only the event can refresh it in time.
    const resolution = new DidResolutionService({ drivers: { web: publisherDriver } });
    const schemas = await loadAsyncApiDirectory(CONTRACTS);
    schemas.register(TYPE, {
      type: 'object',
      required: ['sampleId'],
      properties: { sampleId: { type: 'string' } },
    });
    const verifier = new EnvelopeVerifier({
      resolution,
      schemas,
      policy: new PublishPolicy([
        { source: PUBLISHER, topic, types: [TYPE] },
        { source: registryDid, topic: didTopic, types: ['org.dpi.identity.did.*'] },
      ]),
    });
    invalidator = new DidCacheInvalidator({
      kafka: bed.kafka,
      verifier,
      resolution,
      logger: bed.logger,
      topic: didTopic,
      onInvalidated: (did) => invalidated.push(did),
    });
    await invalidator.start();
    consumer = await startConsumerAtEnd(bed, {
      topics: [topic],
      verifier,
      handlers: { [TYPE]: recordEffect },
    });
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await invalidator?.stop();
    await producer?.disconnect();
    await bed?.close();
  });

  it('ignores an invalidation that the registry did not sign (the publisher may not speak for the registry)', async () => {
    const forged = signerFor('key-1', key1).sign({
      topic: didTopic,
      key: PUBLISHER,
      type: UPDATED,
      data: { did: PUBLISHER, versionId: '9', time: new Date().toISOString() },
    });
    // A genuine event after the forged one (same partition: same key): once it is seen, the forged one was read too.
    const unrelated = 'did:web:unrelated.test';
    const genuine = registry.sign({
      topic: didTopic,
      key: PUBLISHER,
      type: UPDATED,
      data: { did: unrelated, versionId: '2', time: new Date().toISOString() },
    });
    const first = sample(signerFor('key-1', key1), 'before-rotation');
    await producer.send({ topic, messages: [first] });
    expect(await eventually(async () => (await bed.effects()).length === 1)).toBe(true);
    // The invalidator may still be joining its group: repeat the pair until the genuine one lands.
    expect(
      await eventually(async () => {
        await producer.send({ topic: didTopic, messages: [forged, genuine] });
        return eventually(async () => invalidated.includes(unrelated), 1_000);
      }, 20_000),
    ).toBe(true);
    expect(invalidated.filter((did) => did === PUBLISHER)).toEqual([]);
  }, 60_000);

  it('after the rotation event, accepts the new key and dead-letters messages signed with the retired one', async () => {
    currentKeys = [{ fragment: 'key-2', key: key2 }];
    const dlt = await TopicRecorder.start(bed.kafka, bed.admin, `${topic}.dlt`);
    const sentAt = Date.now();
    await producer.send({
      topic: didTopic,
      messages: [
        registry.sign({
          topic: didTopic,
          key: PUBLISHER,
          type: UPDATED,
          data: { did: PUBLISHER, versionId: '2', previousVersionId: '1', time: new Date().toISOString() },
        }),
      ],
    });
    expect(await eventually(async () => invalidated.includes(PUBLISHER), 10_000)).toBe(true);
    console.log(`rotation event to cache invalidation: ${Date.now() - sentAt} ms`);

    const rotated = sample(signerFor('key-2', key2), 'after-rotation');
    const retired = sample(signerFor('key-1', key1), 'retired-key');
    await producer.send({ topic, messages: [rotated, retired] });

    const [letter] = await dlt.waitForCount(1);
    await dlt.stop();
    expect(letter?.headers?.dlt_reason?.toString()).toBe('UNKNOWN_KID');
    expect(letter?.headers?.ce_id?.toString()).toBe(retired.headers.ce_id);
    expect(await eventually(async () => (await bed.effects()).length === 2)).toBe(true);
    expect((await bed.effects())[1]?.event_id).toBe(rotated.headers.ce_id);
  }, 60_000);
});
