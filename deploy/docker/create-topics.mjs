// Creates every topic the AsyncAPI contracts declare, each with its `<topic>.dlt` dead-letter topic,
// on the Kafka of KAFKA_BROKERS. docker-compose.yml runs it once (service kafka-init) before the
// services start, because the broker does not auto-create topics. Idempotent: existing topics stay.
// The rules match deploy/local/src/kafka/contract-topics.ts (the no-Docker sandbox);
// tests/contracts/docker-compose.spec.ts fails when the two disagree.
//
// Usage: node deploy/docker/create-topics.mjs           create the topics
//        node deploy/docker/create-topics.mjs --list    print them as JSON, connect to nothing
// Environment: KAFKA_BROKERS (host:port,...), CONTRACTS_DIR (default: the repository's contracts/),
//              TOPICS_TIMEOUT_MS (default 120000).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { parse } from 'yaml';

const DEFAULT_PARTITIONS = 3;
const DEAD_LETTER_SUFFIX = '.dlt';
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

function configValue(value) {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (['string', 'number', 'boolean'].includes(typeof value)) return String(value);
  return undefined;
}

/** The topics of one AsyncAPI 3 document: each fixed channel address and its dead-letter topic. */
function topicsOf(document, file) {
  const channels = isRecord(document) && isRecord(document.channels) ? document.channels : {};
  const topics = [];
  for (const [channelId, channel] of Object.entries(channels)) {
    // A parameterised address ({...}) names no fixed topic.
    if (!isRecord(channel) || typeof channel.address !== 'string' || channel.address.includes('{')) continue;
    const name = channel.address;
    if (!TOPIC_NAME.test(`${name}${DEAD_LETTER_SUFFIX}`))
      throw new Error(`${file}: channel ${channelId} address "${name}" is not a valid Kafka topic name`);
    const kafka =
      isRecord(channel.bindings) && isRecord(channel.bindings.kafka) ? channel.bindings.kafka : {};
    const partitions = kafka.partitions ?? DEFAULT_PARTITIONS;
    if (!Number.isInteger(partitions) || partitions < 1)
      throw new Error(
        `${file}: channel ${channelId} has bindings.kafka.partitions ${JSON.stringify(partitions)}; expected a positive integer`,
      );
    const config = {};
    for (const [key, value] of Object.entries(
      isRecord(kafka.topicConfiguration) ? kafka.topicConfiguration : {},
    )) {
      const text = configValue(value);
      if (text !== undefined) config[key] = text;
    }
    topics.push(
      { name, partitions, config },
      { name: `${name}${DEAD_LETTER_SUFFIX}`, partitions, config: {} },
    );
  }
  return topics;
}

/** Every topic of `<contractsDir>/asyncapi/*.yaml`, sorted; a topic declared twice keeps the larger partition count. */
export function contractTopics(contractsDir) {
  const dir = join(contractsDir, 'asyncapi');
  const files = readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
  if (files.length === 0) throw new Error(`No AsyncAPI files (*.yaml) in ${dir}`);
  const byName = new Map();
  for (const file of files) {
    for (const topic of topicsOf(parse(readFileSync(join(dir, file), 'utf8')), file)) {
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
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function describe(error) {
  return error?.errors?.length ? error.errors.map(describe).join('; ') : String(error?.message ?? error);
}

// Retrying cannot fix a refusal such as an invalid topic config; TOPIC_ALREADY_EXISTS just means a race.
function isPermanent(error) {
  if (error?.errors?.length) return error.errors.some(isPermanent);
  return error?.retriable === false && error?.type !== undefined && error.type !== 'TOPIC_ALREADY_EXISTS';
}

async function createTopics(brokers, topics, timeoutMs) {
  const kafka = new kafkajs.Kafka({
    clientId: 'dpi-kafka-init',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 3 },
  });
  const admin = kafka.admin();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic.name));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic: topic.name,
            numPartitions: topic.partitions,
            replicationFactor: 1,
            configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
          })),
        });
      }
      await admin.disconnect();
      return missing.map((topic) => topic.name);
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      if (Date.now() > deadline || isPermanent(error))
        throw new Error(`could not create Kafka topics on ${brokers.join(',')}: ${describe(error)}`);
      await sleep(1_000);
    }
  }
}

async function main() {
  const contractsDir = resolve(
    process.env.CONTRACTS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'contracts'),
  );
  const topics = contractTopics(contractsDir);
  if (process.argv.includes('--list')) {
    process.stdout.write(`${JSON.stringify(topics, null, 2)}\n`);
    return;
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS must list at least one broker (host:port,...)');
  const timeoutMs = Number(process.env.TOPICS_TIMEOUT_MS ?? 120_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new Error(
      `TOPICS_TIMEOUT_MS must be a positive number of milliseconds, got "${process.env.TOPICS_TIMEOUT_MS}"`,
    );
  const created = await createTopics(brokers, topics, timeoutMs);
  console.log(
    `kafka-init: ${topics.length} contract topics on ${brokers.join(',')}; created ${created.length}${created.length ? `: ${created.join(', ')}` : ''}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`kafka-init: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
