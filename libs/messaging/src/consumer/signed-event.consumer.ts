import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { backoffDelayMs, systemClock, type Clock } from '@dpi/did';
import { deadLetterRecord } from '../dead-letter.util';
import type { EnvelopeVerifier, VerifiedEvent } from '../envelope.verifier';
import { toConsumedRecord, type ConsumedRecord } from '../kafka-record.types';
import type { MessagingMetrics } from '../messaging.metrics';
import { ConsumerMembership, type ConsumerStatus, type ConsumerStatusSource } from './consumer-membership';
import { EventRejectedError } from './event-rejected.error';
import { recordInInbox, valueDigest, type InboxEntry } from './inbox';

/** Where a handled event came from, and the transaction its effect must be written in. */
export interface EventContext {
  /** The transaction that also records the event in the inbox: write the effect through it. */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
}

/** Applies one verified event. Throw EventRejectedError for an event that can never apply; any other error is retried. */
export type EventHandler = (event: VerifiedEvent, context: EventContext) => Promise<void>;

/** How transient failures (DID resolution, handler errors, the database) are retried. */
export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
  /** Attempts in all, the first included; then the record is dead-lettered. */
  maxAttempts: number;
}

export interface SignedEventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  verifier: EnvelopeVerifier;
  dataSource: DataSource;
  /** Handlers by CloudEvents type. A verified event of another type is recorded in the inbox and skipped. */
  handlers: Record<string, EventHandler>;
  logger: Logger;
  metrics?: MessagingMetrics;
  retry?: Partial<RetryPolicy>;
  /** Read a new group's topics from the beginning (default true: no event published before the first start is missed). */
  fromBeginning?: boolean;
  /** Partitions processed at once (each still in order); default 2, so one partition's commit overlaps another's work. */
  partitionsConsumedConcurrently?: number;
  clock?: Clock;
}

/** Consumer-level reasons, besides the envelope's verification reasons. */
export type ConsumerRejectReason = 'HANDLER_REJECTED' | 'HANDLER_FAILED';

type Outcome =
  | { kind: 'done' }
  | { kind: 'dead-letter'; reason: string; detail: string }
  | { kind: 'retry'; reason: string; detail: string };

const DEFAULT_RETRY: RetryPolicy = { initialMs: 100, maxMs: 30_000, maxAttempts: 8 };

/**
 * Consumes signed events: verifies each (contracts/specs/message-envelope.md section 5), records it in the
 * inbox in the same transaction as its handler's effect, retries transient failures with backoff, and
 * sends anything that cannot be accepted to `<topic>.dlt` with its reason, then moves on. Offsets are
 * committed only after the effect or the dead letter is durable, so nothing is lost and nothing applies twice.
 *
 * Consecutive accepted events of a batch share one transaction (the throughput path); if that
 * transaction fails, each of them is retried alone, so one bad event never holds back the others' fate.
 */
export class SignedEventConsumer implements ConsumerStatusSource {
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private consumer: Consumer | undefined;
  private dltProducer: Producer | undefined;
  private running = false;
  private readonly membership = new ConsumerMembership();
  private readonly lag = new Map<string, number>();

  constructor(private readonly options: SignedEventConsumerOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.clock = options.clock ?? systemClock;
  }

  /** Connects, subscribes and starts consuming in the background. */
  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    this.dltProducer = kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await this.dltProducer.connect();
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
    this.consumer = consumer;
    this.membership.attach(consumer);
    consumer.on(consumer.events.CRASH, (event) => {
      this.options.logger.error(
        { err: event.payload.error, groupId, restart: event.payload.restart },
        'consumer crashed',
      );
    });
    await consumer.connect();
    for (const topic of topics)
      await consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 2,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.running = true;
  }

  /** Finishes the record in progress, commits, and disconnects. */
  async stop(): Promise<void> {
    this.running = false;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dltProducer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
    this.dltProducer = undefined;
  }

  /** For health checks: whether it is in its group now, and messages behind the end per topic-partition. */
  status(): ConsumerStatus {
    const { joined, error } = this.membership.state;
    return {
      running: this.running && joined,
      ...(error ? { error } : {}),
      lag: Object.fromEntries(this.lag),
    };
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    let pending: Array<{ record: ConsumedRecord; event: VerifiedEvent }> = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const run = pending;
      pending = [];
      await this.applyRun(run, heartbeat);
      resolveOffset((run[run.length - 1] as { record: ConsumedRecord }).record.offset);
    };
    // Verified concurrently (signatures check on the thread pool), then applied strictly in order.
    const records = batch.messages.map((message) => toConsumedRecord(topic, partition, message));
    const verdicts = await Promise.all(records.map((record) => this.options.verifier.verify(record)));
    for (const [index, record] of records.entries()) {
      if (!isRunning() || isStale()) break;
      const verdict = verdicts[index] as Awaited<ReturnType<EnvelopeVerifier['verify']>>;
      if (verdict.ok) {
        pending.push({ record, event: verdict.event });
        continue;
      }
      await flush();
      this.options.metrics?.rejected.inc({ topic, reason: verdict.reason });
      if (verdict.transient) await this.processAlone(record, heartbeat);
      else await this.deadLetter(record, verdict.reason, verdict.detail);
      resolveOffset(record.offset);
      await heartbeat();
    }
    await flush();
    this.lag.set(`${topic}/${partition}`, Number(batch.offsetLagLow()));
    this.options.metrics?.consumerLag.set(
      { topic, partition: String(partition), group: this.options.groupId },
      Number(batch.offsetLag()),
    );
  }

  /** Applies consecutive verified events in one transaction; on failure, each on its own. */
  private async applyRun(
    run: Array<{ record: ConsumedRecord; event: VerifiedEvent }>,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    let conflicts: Array<{ record: ConsumedRecord }> = [];
    try {
      conflicts = await this.options.dataSource.transaction(async (manager) => {
        const entries: InboxEntry[] = run.map(({ record, event }) => ({
          event,
          topic: record.topic,
          valueSha256: valueDigest(record.value),
        }));
        const verdicts = await recordInInbox(manager, entries);
        const rejected: Array<{ record: ConsumedRecord }> = [];
        for (const [index, item] of run.entries()) {
          const verdict = verdicts[index];
          if (verdict === 'new') await this.handle(item.event, item.record, manager);
          else if (verdict === 'duplicate')
            this.options.metrics?.duplicates.inc({ topic: item.record.topic });
          else rejected.push(item);
        }
        return rejected;
      });
    } catch {
      // Someone in the run failed (or the database did): give each its own transaction and retries.
      for (const { record } of run) await this.processAlone(record, heartbeat);
      return;
    }
    for (const { record } of conflicts) await this.deadLetterConflict(record);
  }

  private async handle(event: VerifiedEvent, record: ConsumedRecord, manager: EntityManager): Promise<void> {
    const handler = this.options.handlers[event.type];
    if (!handler) return;
    const started = performance.now();
    await handler(event, {
      manager,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
    });
    const labels = { topic: record.topic, type: event.type };
    this.options.metrics?.handlerSeconds.observe(labels, (performance.now() - started) / 1000);
    this.options.metrics?.consumed.inc(labels);
  }

  /** One record, with retries for transient failures, until it is applied, skipped or dead-lettered. */
  private async processAlone(record: ConsumedRecord, heartbeat: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(record);
      if (outcome.kind === 'done') return;
      if (outcome.kind === 'dead-letter') return this.deadLetter(record, outcome.reason, outcome.detail);
      if (attempt >= this.retry.maxAttempts || !this.running) {
        if (!this.running) throw new Error('consumer stopping; the record will be redelivered');
        return this.deadLetter(
          record,
          outcome.reason,
          `${outcome.detail} (gave up after ${attempt} attempts)`,
        );
      }
      const delay = backoffDelayMs(attempt - 1, this.retry);
      this.options.logger.warn(
        {
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          reason: outcome.reason,
          attempt,
          delay,
        },
        'retrying a record',
      );
      await sleepWithHeartbeat(delay, heartbeat);
    }
  }

  private async attempt(record: ConsumedRecord): Promise<Outcome> {
    const verdict = await this.options.verifier.verify(record);
    if (!verdict.ok)
      return {
        kind: verdict.transient ? 'retry' : 'dead-letter',
        reason: verdict.reason,
        detail: verdict.detail,
      };
    const event = verdict.event;
    try {
      const inbox = await this.options.dataSource.transaction(async (manager) => {
        const [state] = await recordInInbox(manager, [
          { event, topic: record.topic, valueSha256: valueDigest(record.value) },
        ]);
        if (state === 'new') await this.handle(event, record, manager);
        return state;
      });
      if (inbox === 'duplicate') this.options.metrics?.duplicates.inc({ topic: record.topic });
      if (inbox === 'conflict') return conflictOutcome();
      return { kind: 'done' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof EventRejectedError)
        return { kind: 'dead-letter', reason: 'HANDLER_REJECTED', detail: message };
      return { kind: 'retry', reason: 'HANDLER_FAILED', detail: message };
    }
  }

  private async deadLetterConflict(record: ConsumedRecord): Promise<void> {
    const outcome = conflictOutcome();
    this.options.metrics?.rejected.inc({ topic: record.topic, reason: outcome.reason });
    await this.deadLetter(record, outcome.reason, outcome.detail);
  }

  private async deadLetter(record: ConsumedRecord, reason: string, detail: string): Promise<void> {
    const letter = deadLetterRecord(record, { reason, detail }, this.clock);
    if (!this.dltProducer) throw new Error('consumer is not started');
    // If this send fails the batch fails before its offset is committed: the record is redelivered, not lost.
    await this.dltProducer.send({
      topic: letter.topic,
      acks: -1,
      messages: [{ key: letter.key, value: letter.value, headers: letter.headers }],
    });
    this.options.metrics?.deadLettered.inc({ topic: record.topic, reason });
    this.options.logger.warn(
      { topic: record.topic, partition: record.partition, offset: record.offset, reason, detail },
      'dead-lettered a record',
    );
  }
}

function conflictOutcome(): { kind: 'dead-letter'; reason: string; detail: string } {
  return {
    kind: 'dead-letter',
    reason: 'DUPLICATE',
    detail:
      'an event with this source and id was already processed with different content (a reused id: producer bug or attack)',
  };
}

async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, until - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}
