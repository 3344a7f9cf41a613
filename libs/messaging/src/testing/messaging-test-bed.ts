// Test support for the messaging integration specs (not exported from the library): a fresh database with
// the messaging tables and an effects table, Kafka topics positioned at their end, and small wait helpers.
import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { createTestDatabase, createTestKafka, createTopic, pollUntil, type TestDatabase } from '@dpi/testing';
import { SignedEventConsumer, type EventHandler, type RetryPolicy } from '../consumer/signed-event.consumer';
import type { EnvelopeVerifier } from '../envelope.verifier';
import { deadLetterTopic } from '../dead-letter.util';
import { CreateMessagingTablesMigration } from '../outbox/messaging-tables.migration';

class CreateMessagingTables1763900000000 extends CreateMessagingTablesMigration {}

/** Where handlers in the specs write their effect: one row per applied event. */
export const EFFECT_TABLE = 'test_effect';

/** A handler whose effect is one `test_effect` row, written in the inbox transaction. */
export const recordEffect: EventHandler = async (event, { manager }) => {
  await manager.query(`INSERT INTO ${EFFECT_TABLE} (event_id, subject, body) VALUES ($1, $2, $3)`, [
    event.id,
    event.subject ?? null,
    JSON.stringify(event.data),
  ]);
};

export interface MessagingTestBed {
  dataSource: DataSource;
  kafka: Kafka;
  admin: Admin;
  logger: pino.Logger;
  /** Effects written so far, oldest first. */
  effects(): Promise<Array<{ event_id: string; subject: string | null; body: string }>>;
  close(): Promise<void>;
}

/** A fresh database with the messaging tables and `test_effect`, a Kafka client and admin (of the run's broker unless `brokers`). */
export async function createMessagingTestBed(prefix: string, brokers?: string[]): Promise<MessagingTestBed> {
  const database: TestDatabase = await createTestDatabase(prefix);
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [CreateMessagingTables1763900000000],
    migrationsRun: true,
    extra: { max: 4 },
  });
  await dataSource.initialize();
  await dataSource.query(
    `CREATE TABLE ${EFFECT_TABLE} (seq bigserial PRIMARY KEY, event_id text NOT NULL, subject text, body text NOT NULL)`,
  );
  const kafka = createTestKafka(`${prefix}-${randomBytes(3).toString('hex')}`, brokers);
  const admin = kafka.admin();
  await admin.connect();
  return {
    dataSource,
    kafka,
    admin,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    effects: async () =>
      (await dataSource.query(`SELECT event_id, subject, body FROM ${EFFECT_TABLE} ORDER BY seq`)) as Array<{
        event_id: string;
        subject: string | null;
        body: string;
      }>,
    close: async () => {
      await admin.disconnect();
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/** Creates `topic` and its dead-letter topic (idempotent). */
export async function createTopicWithDlt(topic: string, partitions = 1): Promise<void> {
  await createTopic(topic, { partitions });
  await createTopic(deadLetterTopic(topic), { partitions: 1 });
}

/** Points a new consumer group at the current end of `topic`, so it sees only what a test produces next. */
export async function startGroupAtEnd(admin: Admin, groupId: string, topic: string): Promise<void> {
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.setOffsets({
    groupId,
    topic,
    partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })),
  });
}

/** Starts a SignedEventConsumer on a fresh group that sees only what is produced from now on. */
export async function startConsumerAtEnd(
  bed: MessagingTestBed,
  options: {
    topics: string[];
    verifier: EnvelopeVerifier;
    handlers: Record<string, EventHandler>;
    retry?: Partial<RetryPolicy>;
  },
): Promise<SignedEventConsumer> {
  const groupId = `test-consumer-${randomBytes(4).toString('hex')}`;
  for (const topic of options.topics) await startGroupAtEnd(bed.admin, groupId, topic);
  const consumer = new SignedEventConsumer({
    kafka: bed.kafka,
    groupId,
    dataSource: bed.dataSource,
    logger: bed.logger,
    ...options,
  });
  await consumer.start();
  return consumer;
}

/** Records what is produced to a topic from the moment it starts (e.g. a dead-letter topic under test). */
export class TopicRecorder {
  readonly messages: KafkaMessage[] = [];

  private constructor(private readonly consumer: Consumer) {}

  /** Starts recording `topic` from its current end. */
  static async start(kafka: Kafka, admin: Admin, topic: string): Promise<TopicRecorder> {
    const groupId = `recorder-${randomBytes(4).toString('hex')}`;
    await startGroupAtEnd(admin, groupId, topic);
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    const recorder = new TopicRecorder(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic });
    await consumer.run({ eachMessage: async ({ message }) => void recorder.messages.push(message) });
    return recorder;
  }

  /** Waits until `count` messages have arrived (or the time is up) and returns them. */
  async waitForCount(count: number, timeoutMs = 30_000): Promise<KafkaMessage[]> {
    await eventually(async () => this.messages.length >= count, timeoutMs);
    return this.messages;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Polls `probe` until it returns true or the time is up; returns the last answer. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  return (await pollUntil(async () => ((await probe()) ? true : undefined), { timeoutMs })) ?? false;
}
