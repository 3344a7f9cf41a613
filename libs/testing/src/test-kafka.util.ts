import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';

import { createQuietKafka, ensureTopics, testKafkaBrokers } from '@dpi/local-infra';

/** A topic name no other test uses: `<prefix>.<time>-<random>`. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A kafkajs client for tests that logs nothing (a fresh broker's retried errors are noise). */
export function createTestKafka(clientId = 'dpi-test', brokers: string[] = testKafkaBrokers()): Kafka {
  return createQuietKafka(brokers, clientId);
}

/** Creates a topic (idempotent) and waits until its partitions have leaders. */
export async function createTopic(
  name: string,
  options: { partitions?: number; brokers?: string[] } = {},
): Promise<void> {
  await ensureTopics(options.brokers ?? testKafkaBrokers(), [
    { name, partitions: options.partitions ?? 1, config: {} },
  ]);
}
