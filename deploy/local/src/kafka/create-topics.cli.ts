// Creates every topic the AsyncAPI contracts declare (and each `<topic>.dlt`) on KAFKA_BROKERS, as the
// local sandbox does; docker-compose.yml runs it once (kafka-init) because the broker never auto-creates
// topics. Idempotent: existing topics stay.
//   node dist/deploy/local/src/kafka/create-topics.cli.js          create them (waits for Kafka)
//   node dist/deploy/local/src/kafka/create-topics.cli.js --list   print them as JSON, connect to nothing
// Environment: KAFKA_BROKERS (host:port,...), TOPICS_TIMEOUT_MS (default 120000).
import { join } from 'node:path';

import { parseBrokers, parseDuration } from '../config/sandbox-config';
import { findRepoRoot } from '../config/repo-root.util';
import { createTopicsFromContracts, readContractTopics } from './contract-topics';
import { waitForKafka } from './kafka-client.util';

async function main(): Promise<void> {
  const asyncApiDir = join(findRepoRoot(__dirname), 'contracts', 'asyncapi');
  if (process.argv.includes('--list')) {
    process.stdout.write(`${JSON.stringify(readContractTopics(asyncApiDir), null, 2)}\n`);
    return;
  }
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '');
  await waitForKafka(brokers, { timeoutMs: parseDuration(process.env, 'TOPICS_TIMEOUT_MS', 120_000) });
  const created = await createTopicsFromContracts(brokers, asyncApiDir);
  process.stdout.write(
    `kafka-init: created ${created.length} topic(s) on ${brokers.join(',')}${created.length ? `: ${created.join(', ')}` : ''}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka-init: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
