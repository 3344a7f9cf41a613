import { parse } from 'yaml';

import { extractTopicsFromAsyncApi, mergeTopics } from './contract-topics';

const document = parse(`
asyncapi: 3.0.0
channels:
  transfers:
    address: payments.transfers
    bindings:
      kafka:
        partitions: 6
        topicConfiguration:
          retention.ms: [604800000]
          cleanup.policy: [delete, compact]
  didEvents:
    address: identity.did-events
  perPsp:
    address: psp.{pspId}.inbox
  dynamic:
    address: null
`);

describe('extractTopicsFromAsyncApi', () => {
  const topics = extractTopicsFromAsyncApi(document);
  const byName = new Map(topics.map((topic) => [topic.name, topic]));

  it('takes each channel address with its Kafka binding partitions', () => {
    expect(byName.get('payments.transfers')?.partitions).toBe(6);
  });

  it('defaults to 3 partitions when the channel has no Kafka binding', () => {
    expect(byName.get('identity.did-events')?.partitions).toBe(3);
  });

  it('adds a .dlt dead-letter topic with the same partitions for every channel', () => {
    expect(byName.get('payments.transfers.dlt')?.partitions).toBe(6);
    expect(byName.get('identity.did-events.dlt')?.partitions).toBe(3);
  });

  it('carries the binding topic configuration, lists joined by commas', () => {
    expect(byName.get('payments.transfers')?.config).toEqual({
      'retention.ms': '604800000',
      'cleanup.policy': 'delete,compact',
    });
    expect(byName.get('payments.transfers.dlt')?.config).toEqual({});
  });

  it('leaves out parameterised and missing addresses', () => {
    expect([...byName.keys()].sort()).toEqual([
      'identity.did-events',
      'identity.did-events.dlt',
      'payments.transfers',
      'payments.transfers.dlt',
    ]);
  });

  it('returns nothing for a document without channels', () => {
    expect(extractTopicsFromAsyncApi({ asyncapi: '3.0.0' })).toEqual([]);
  });

  it('rejects a partition count that is not a positive integer', () => {
    const bad = { channels: { c: { address: 't', bindings: { kafka: { partitions: 0 } } } } };
    expect(() => extractTopicsFromAsyncApi(bad, 'bad.yaml')).toThrow(
      /bad\.yaml: channel c has bindings\.kafka\.partitions 0/,
    );
  });

  it('rejects an address that is not a valid topic name', () => {
    expect(() => extractTopicsFromAsyncApi({ channels: { c: { address: 'has space' } } })).toThrow(
      /not a valid Kafka topic name/,
    );
  });

  it('rejects a document that is not an object', () => {
    expect(() => extractTopicsFromAsyncApi('nope')).toThrow(/not an object/);
  });
});

describe('mergeTopics', () => {
  it('keeps one entry per name with the larger partition count, sorted', () => {
    const merged = mergeTopics([
      [{ name: 'b', partitions: 2, config: {} }],
      [
        { name: 'b', partitions: 5, config: { 'retention.ms': '1' } },
        { name: 'a', partitions: 1, config: {} },
      ],
    ]);
    expect(merged).toEqual([
      { name: 'a', partitions: 1, config: {} },
      { name: 'b', partitions: 5, config: { 'retention.ms': '1' } },
    ]);
  });
});
