import { createTestKafka, createTopic, uniqueTopic } from './test-kafka.util';

describe('Kafka from the test infrastructure', () => {
  it('delivers a produced message to a consumer of a freshly created topic', async () => {
    const topic = uniqueTopic('a.roundtrip');
    await createTopic(topic, { partitions: 2 });
    const kafka = createTestKafka('a-roundtrip');
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `a-roundtrip-${topic}` });
    await Promise.all([producer.connect(), consumer.connect()]);
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: string; value: string; header: string }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) =>
            resolve({
              key: String(message.key),
              value: String(message.value),
              header: String(message.headers?.ce_type),
            }),
        });
      });
      await producer.send({
        topic,
        messages: [{ key: 'k1', value: '{"hello":"kafka"}', headers: { ce_type: 'org.dpi.test.v1' } }],
      });
      await expect(received).resolves.toEqual({
        key: 'k1',
        value: '{"hello":"kafka"}',
        header: 'org.dpi.test.v1',
      });
    } finally {
      await Promise.all([producer.disconnect(), consumer.disconnect()]);
    }
  });

  it('does not auto-create a topic nobody declared', async () => {
    const producer = createTestKafka('a-no-autocreate').producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await expect(
        producer.send({
          topic: uniqueTopic('a.undeclared'),
          messages: [{ value: 'x' }],
          acks: 1,
          timeout: 2_000,
        }),
      ).rejects.toThrow();
    } finally {
      await producer.disconnect();
    }
  });
});
