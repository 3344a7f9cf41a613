import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { TailRecord } from './tail-entry';

/** The topic does not exist; `existing` lists the topics that do (internal ones left out). */
export class UnknownTopicError extends Error {
  constructor(
    readonly topic: string,
    readonly existing: string[],
  ) {
    super(`topic ${topic} does not exist`);
  }
}

export interface TopicReaderOptions {
  kafka: Kafka;
  topic: string;
  fromBeginning: boolean;
  /** Keep reading after the records present at start; otherwise `done` resolves once they are read. */
  follow: boolean;
  /** Called for each record, one at a time, in offset order within a partition. */
  onRecord: (record: TailRecord) => Promise<void>;
}

/**
 * Reads one topic without disturbing anyone: a consumer group of its own (`dpi-tail-<uuid>`, so no
 * service's partitions are rebalanced), no offset committed while reading, and the group deleted on stop.
 */
export class TopicReader {
  readonly groupId = `dpi-tail-${randomUUID()}`;
  /** Resolves when every record present at start has been handed over (never while following); rejects if the consumer dies. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private rejectDone!: (error: Error) => void;
  private admin: Admin | undefined;
  private consumer: Consumer | undefined;
  private stopping = false;

  constructor(private readonly options: TopicReaderOptions) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // Whoever stops early (--max, Ctrl-C) no longer waits for it; a late crash is then no one's concern.
    this.done.catch(() => undefined);
  }

  /** Checks the topic exists, then starts reading; resolves once the consumer runs. */
  async start(): Promise<void> {
    const { kafka, topic, fromBeginning, follow } = this.options;
    const admin = kafka.admin();
    this.admin = admin;
    await admin.connect();
    const topics = await admin.listTopics();
    if (!topics.includes(topic))
      throw new UnknownTopicError(topic, topics.filter((name) => !name.startsWith('__')).sort());

    // Without --follow, the end is the high watermark of each partition as it is now. Progress comes from
    // kafkajs's end-of-batch event, which also reports batches holding only transaction markers.
    const ends = new Map<number, bigint>();
    const offsetsNow = await admin.fetchTopicOffsets(topic);
    if (!fromBeginning) {
      // "From now on" means from the end as it is at start, not as it is whenever the group has joined:
      // a record produced in between is shown. These are the only offsets the group ever holds.
      await admin.setOffsets({
        groupId: this.groupId,
        topic,
        partitions: offsetsNow.map(({ partition, high }) => ({ partition, offset: high })),
      });
    }
    if (!follow) {
      for (const { partition, low, high } of offsetsNow) {
        if (BigInt(high) > BigInt(fromBeginning ? low : high)) ends.set(partition, BigInt(high));
      }
      if (ends.size === 0) {
        this.resolveDone();
        return;
      }
    }

    const consumer = kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 250 });
    this.consumer = consumer;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const end = ends.get(payload.partition);
      if (end === undefined || BigInt(payload.lastOffset) + 1n < end) return;
      ends.delete(payload.partition);
      if (ends.size === 0) this.resolveDone();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.rejectDone(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (this.stopping) return;
        await this.options.onRecord({
          topic,
          partition,
          offset: message.offset,
          timestamp: message.timestamp,
          key: message.key,
          value: message.value,
          headers: message.headers ?? {},
        });
      },
    });
  }

  /** Stops reading and removes the group (best effort: an undeleted empty group expires on its own). */
  async stop(): Promise<void> {
    this.stopping = true;
    const { admin, consumer } = this;
    this.admin = undefined;
    this.consumer = undefined;
    if (consumer) {
      await consumer.disconnect();
      await admin?.deleteGroups([this.groupId]).catch(() => undefined);
    }
    await admin?.disconnect();
  }
}
