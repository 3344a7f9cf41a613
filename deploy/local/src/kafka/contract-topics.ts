import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

import { createQuietKafka } from './kafka-client.util';

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Topic configuration from the channel's Kafka binding (`retention.ms`, `cleanup.policy`, ...). */
  config: Record<string, string>;
}

export const DEFAULT_PARTITIONS = 3;
export const DEAD_LETTER_SUFFIX = '.dlt';
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function configValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return undefined;
}

/**
 * The topics an AsyncAPI 3 document declares: each channel's `address` with the partitions of its
 * Kafka binding (default 3), plus a `<address>.dlt` dead-letter topic with the same partitions.
 * Channels without an address, or with a parameterised one (`{...}`), name no fixed topic and are left out.
 */
export function extractTopicsFromAsyncApi(document: unknown, source = 'AsyncAPI document'): TopicSpec[] {
  if (!isRecord(document)) throw new Error(`${source} is not an object`);
  const channels = document.channels ?? {};
  if (!isRecord(channels)) throw new Error(`${source}: "channels" is not an object`);
  const topics: TopicSpec[] = [];
  for (const [channelId, channel] of Object.entries(channels)) {
    if (!isRecord(channel) || typeof channel.address !== 'string' || channel.address.includes('{')) continue;
    const address = channel.address;
    if (!TOPIC_NAME.test(`${address}${DEAD_LETTER_SUFFIX}`)) {
      throw new Error(
        `${source}: channel ${channelId} has address "${address}", which is not a valid Kafka topic name`,
      );
    }
    const kafka =
      isRecord(channel.bindings) && isRecord(channel.bindings.kafka) ? channel.bindings.kafka : {};
    const partitions = kafka.partitions ?? DEFAULT_PARTITIONS;
    if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1) {
      throw new Error(
        `${source}: channel ${channelId} has bindings.kafka.partitions ${JSON.stringify(partitions)}; expected a positive integer`,
      );
    }
    const config: Record<string, string> = {};
    if (isRecord(kafka.topicConfiguration)) {
      for (const [key, value] of Object.entries(kafka.topicConfiguration)) {
        const text = configValue(value);
        if (text !== undefined) config[key] = text;
      }
    }
    topics.push(
      { name: address, partitions, config },
      { name: `${address}${DEAD_LETTER_SUFFIX}`, partitions, config: {} },
    );
  }
  return topics;
}

/** Merges topic lists from several documents; the same topic declared twice keeps the larger partition count. */
export function mergeTopics(lists: TopicSpec[][]): TopicSpec[] {
  const byName = new Map<string, TopicSpec>();
  for (const topic of lists.flat()) {
    const known = byName.get(topic.name);
    byName.set(
      topic.name,
      known
        ? {
            ...known,
            partitions: Math.max(known.partitions, topic.partitions),
            config: { ...known.config, ...topic.config },
          }
        : topic,
    );
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Every topic (and dead-letter topic) declared by the `*.yaml` AsyncAPI files in `contractsDir`. */
export function readContractTopics(contractsDir: string): TopicSpec[] {
  const files = readdirSync(contractsDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
  if (files.length === 0) throw new Error(`No AsyncAPI files (*.yaml) in ${contractsDir}`);
  return mergeTopics(
    files.map((file) =>
      extractTopicsFromAsyncApi(parse(readFileSync(join(contractsDir, file), 'utf8')), file),
    ),
  );
}

interface KafkaJsError {
  message?: string;
  type?: string;
  retriable?: boolean;
  errors?: KafkaJsError[];
}

function isPermanent(error: unknown): boolean {
  const { errors, retriable, type } = error as KafkaJsError;
  if (errors?.length) return errors.some(isPermanent);
  return retriable === false && type !== undefined && type !== 'TOPIC_ALREADY_EXISTS';
}

function describe(error: unknown): string {
  const { errors, message } = error as KafkaJsError;
  return errors?.length ? errors.map(describe).join('; ') : String(message);
}

/** Creates the topics that do not exist yet (idempotent, retried while a fresh broker settles); returns the names created. */
export async function ensureTopics(
  brokers: string[],
  topics: TopicSpec[],
  timeoutMs = 60_000,
): Promise<string[]> {
  const admin = createQuietKafka(brokers, 'dpi-local-infra-topics').admin();
  const deadline = Date.now() + timeoutMs;
  await admin.connect();
  try {
    for (;;) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter((topic) => !existing.has(topic.name));
        if (missing.length === 0) return [];
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic: topic.name,
            numPartitions: topic.partitions,
            replicationFactor: 1,
            configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
          })),
        });
        return missing.map((topic) => topic.name);
      } catch (error) {
        // TOPIC_ALREADY_EXISTS from a concurrent creator ends up here too; the next round sees it.
        // A refusal that retrying cannot fix (an invalid config, say) fails at once.
        if (Date.now() > deadline || isPermanent(error))
          throw new Error(`Could not create Kafka topics: ${describe(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** Creates every topic the AsyncAPI contracts in `contractsDir` declare, with its `.dlt`; returns the names created. */
export async function createTopicsFromContracts(brokers: string[], contractsDir: string): Promise<string[]> {
  return ensureTopics(brokers, readContractTopics(contractsDir));
}
