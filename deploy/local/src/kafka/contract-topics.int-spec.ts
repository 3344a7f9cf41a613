import { join } from 'node:path';

import { testKafkaBrokers } from '../testing/test-env.util';

import { findRepoRoot } from '../config/repo-root.util';
import { createTopicsFromContracts, ensureTopics, readContractTopics } from './contract-topics';
import { createQuietKafka } from './kafka-client.util';

const contractsDir = join(findRepoRoot(__dirname), 'contracts', 'asyncapi');

describe('topics from the AsyncAPI contracts', () => {
  it('exist on the broker (created by the global setup) with their .dlt and partition counts', async () => {
    const expected = readContractTopics(contractsDir);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const admin = createQuietKafka(testKafkaBrokers()).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: expected.map((topic) => topic.name) });
      const partitions = new Map(topics.map((topic) => [topic.name, topic.partitions.length]));
      for (const topic of expected) {
        expect([topic.name, partitions.get(topic.name)]).toEqual([topic.name, topic.partitions]);
        if (!topic.name.endsWith('.dlt')) expect(partitions.has(`${topic.name}.dlt`)).toBe(true);
      }
    } finally {
      await admin.disconnect();
    }
  });

  it('creating them again changes nothing', async () => {
    await expect(createTopicsFromContracts(testKafkaBrokers(), contractsDir)).resolves.toEqual([]);
  });
});

describe('ensureTopics', () => {
  it('fails at once, with the broker reason, for a topic configuration the broker refuses', async () => {
    const started = Date.now();
    const topic = {
      name: `a.bad-config.${Date.now()}`,
      partitions: 1,
      config: { 'cleanup.policy': 'shred' },
    };
    await expect(ensureTopics(testKafkaBrokers(), [topic])).rejects.toThrow(
      'Could not create Kafka topics: Configuration is invalid',
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
