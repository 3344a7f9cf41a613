// Signed publish -> verified consume through the real broker, next to the raw node:crypto Ed25519 verify
// rate measured in the same run. Prints figures; asserts nothing.
//   npm run bench:messaging            (BENCH_MESSAGES=30000 BENCH_RUNS=3 BENCH_RATE=2000 to change)
// Kafka and PostgreSQL come from KAFKA_BROKERS/DATABASE_URL when set, else local processes (as the tests).
import { randomBytes, sign, verify } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { DataSource } from 'typeorm';
import {
  DidResolutionService,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
} from '@dpi/did';
import { createTestDatabase, ensureTopics } from '@dpi/local-infra';
import {
  CreateMessagingTablesMigration,
  EnvelopeVerifier,
  JsonSchemaRegistry,
  PublishPolicy,
  SignedEventConsumer,
  type VerifiedEvent,
} from '@dpi/messaging';
import { createTestKafka, startTestInfrastructure } from '@dpi/testing';

import type { ProducerJob } from './bench-producer.worker';

class CreateMessagingTables1763900000000 extends CreateMessagingTablesMigration {}

const TYPE = 'org.dpi.bench.payment.recorded.v1';
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['account', 'seq', 'amount', 'currency'],
  properties: {
    account: { type: 'string' },
    seq: { type: 'integer' },
    amount: { type: 'string', pattern: '^[0-9]+$' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
};
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 30_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PACED_RATE = Number(process.env.BENCH_RATE ?? 2_000);
const PARTITIONS = 2;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

/** node:crypto Ed25519 verifications per second with an imported key (the ceiling for any verifier). */
function rawVerifyRate(): number {
  const { privateKey, publicKey } = generateEd25519KeyPair();
  const data = randomBytes(600);
  const signature = sign(null, data, privateKey);
  const rates: number[] = [];
  for (let run = 0; run < 3; run++) {
    const until = performance.now() + 1_000;
    let count = 0;
    while (performance.now() < until) {
      for (let i = 0; i < 100; i++) verify(null, data, publicKey, signature);
      count += 100;
    }
    rates.push(count);
  }
  return median(rates);
}

function runProducer(job: ProducerJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'bench-producer.worker.js'), { workerData: job });
    worker.once('message', (message: { producedMs?: number; error?: string }) =>
      message.error ? reject(new Error(message.error)) : resolve(message.producedMs ?? 0),
    );
    worker.once('error', reject);
  });
}

interface RunResult {
  perSecond: number;
  p50: number;
  p99: number;
}

async function main(): Promise<void> {
  const infra = await startTestInfrastructure();
  const logger = pino({ level: 'silent' });
  const database = await createTestDatabase('bench_messaging', infra.databaseUrl);
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [CreateMessagingTables1763900000000],
    migrationsRun: true,
    extra: { max: 4 },
  });
  await dataSource.initialize();
  const kafka = createTestKafka('bench', infra.kafkaBrokers);
  const { privateKey, publicKey } = generateEd25519KeyPair();
  const source = didKeyFromPublicKey(publicKey);
  const verifier = new EnvelopeVerifier({
    resolution: new DidResolutionService({ web: false }),
    policy: new PublishPolicy([{ source, topic: 'bench.*', types: [TYPE] }]),
    schemas: JsonSchemaRegistry.fromSchemas({ [TYPE]: SCHEMA }),
  });

  async function measure(count: number, rate: number): Promise<RunResult> {
    const topic = `bench.messaging.${randomBytes(4).toString('hex')}`;
    await ensureTopics(infra.kafkaBrokers, [
      { name: topic, partitions: PARTITIONS, config: {} },
      { name: `${topic}.dlt`, partitions: 1, config: {} },
    ]);
    const latencies: number[] = [];
    let consumed = 0;
    let firstAt = 0;
    let lastAt = 0;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const consumer = new SignedEventConsumer({
      kafka,
      groupId: `bench-${randomBytes(4).toString('hex')}`,
      topics: [topic],
      verifier,
      dataSource,
      logger,
      // The handler does no work of its own: the figure is the backbone's (verify, schema, inbox, commit).
      handlers: {
        [TYPE]: async (event: VerifiedEvent) => {
          const now = Date.now();
          if (consumed === 0) firstAt = now;
          lastAt = now;
          latencies.push(now - Date.parse(event.time));
          if (++consumed === count) done();
        },
      },
    });
    await consumer.start();
    // Let the group settle before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const started = Date.now();
    const producedMs = await runProducer({
      brokers: infra.kafkaBrokers,
      topic,
      type: TYPE,
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      kid: didKeyVerificationMethodId(source),
      source,
      count,
      rate,
      keys: 64,
    });
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 120_000))]);
    await consumer.stop();
    if (consumed < count) throw new Error(`only ${consumed} of ${count} events were consumed within 120 s`);
    latencies.sort((a, b) => a - b);
    if (process.env.BENCH_VERBOSE)
      console.log(`  producer ${producedMs} ms, consumer ${lastAt - firstAt} ms after its first event`);
    return {
      perSecond: Math.round((count * 1000) / (lastAt - started)),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  }

  try {
    const raw = rawVerifyRate();
    console.log(
      `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; Kafka ${infra.source}`,
    );
    console.log(
      `raw node:crypto Ed25519 verify: ${raw.toLocaleString('en')}/s (median of 3 one-second runs)`,
    );
    const saturated: RunResult[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const result = await measure(MESSAGES, 0);
      saturated.push(result);
      console.log(
        `run ${run}: ${MESSAGES} events, ${result.perSecond.toLocaleString('en')}/s end to end (p50 ${result.p50} ms, p99 ${result.p99} ms under saturation)`,
      );
    }
    const paced = await measure(PACED_RATE * 10, PACED_RATE);
    const throughput = median(saturated.map((r) => r.perSecond));
    console.log('');
    console.log(
      `signed publish -> verified consume (verify + schema + inbox commit), ${PARTITIONS} partitions:`,
    );
    console.log(
      `  throughput, median of ${RUNS}: ${throughput.toLocaleString('en')} events/s = ${Math.round((throughput / raw) * 100)}% of the raw verify rate (target >= 5,000/s and >= 50%)`,
    );
    console.log(
      `  latency at ${PACED_RATE.toLocaleString('en')} events/s for 10 s: p50 ${paced.p50} ms, p99 ${paced.p99} ms`,
    );
  } finally {
    await dataSource.destroy();
    await database.drop();
    await infra.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
