import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { backoffDelayMs } from '@dpi/did';
import type { MessagingMetrics } from '../messaging.metrics';

/** Options of the relay that publishes the outbox. */
export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** A connected kafkajs producer; idempotent (`idempotent: true`, one request in flight) keeps per-key order through retries. */
  producer: Producer;
  logger: Logger;
  metrics?: MessagingMetrics;
  /** Rows published per pass; default 500. */
  batchSize?: number;
  /** Wait between passes when the outbox is empty; default 100 ms. */
  idleMs?: number;
  /** Published rows older than this are deleted; default one day. */
  retentionMs?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  record_key: Buffer | null;
  value: Buffer;
  headers: Record<string, string>;
  event_type: string;
}

// One relay per database publishes at a time (a transaction-scoped advisory lock), so rows leave in id
// order and per-key order holds even with several instances of a service.
const RELAY_LOCK_KEY = 0x0b0c5;
const PASS_BACKOFF = { initialMs: 200, maxMs: 5_000 };
const CLEANUP_EVERY_MS = 60_000;

/** Outbox rows not yet published, counted in the database (so true whether or not Kafka answers). */
export async function countOutboxBacklog(dataSource: DataSource): Promise<number> {
  const [row] = (await dataSource.query(
    'SELECT count(*)::int AS n FROM messaging_outbox WHERE published_at IS NULL',
  )) as Array<{ n: number }>;
  return row?.n ?? 0;
}

/**
 * Publishes `messaging_outbox` rows in id order and marks them published, in one transaction per batch.
 * A crash after the send and before the commit republishes the batch on restart: delivery is
 * at-least-once, and consumers' inboxes make the effect happen once.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly retentionMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private lastCleanup = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.idleMs = options.idleMs ?? 100;
    this.retentionMs = options.retentionMs ?? 86_400_000;
    options.metrics?.countOutboxBacklogWith(() => this.backlog());
  }

  /** Starts publishing in the background until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the pass in progress and stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Publishes without waiting for the next poll (e.g. right after a commit). */
  wake(): void {
    this.wakeUp?.();
  }

  /** One pass: publishes up to one batch; returns how many rows it published (0 if another relay holds the lock). */
  async publishPending(): Promise<number> {
    return this.options.dataSource.transaction(async (manager) => {
      const [lock] = (await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        RELAY_LOCK_KEY,
      ])) as Array<{ locked: boolean }>;
      if (!lock?.locked) return 0;
      const rows = (await manager.query(
        `SELECT id, topic, record_key, value, headers, event_type FROM messaging_outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1`,
        [this.batchSize],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      await this.options.producer.sendBatch({ topicMessages: groupByTopic(rows), acks: -1 });
      await manager.query('UPDATE messaging_outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [
        rows.map((row) => row.id),
      ]);
      for (const row of rows) this.options.metrics?.published.inc({ topic: row.topic, type: row.event_type });
      return rows.length;
    });
  }

  /** Rows not yet published. */
  backlog(): Promise<number> {
    return countOutboxBacklog(this.options.dataSource);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishPending();
        failures = 0;
        if (published < this.batchSize) await this.housekeeping();
      } catch (error) {
        failures++;
        this.options.logger.warn({ err: error, failures }, 'outbox relay pass failed; retrying');
      }
      if (!this.running) break;
      // A full batch means more may be waiting: go again at once.
      if (published === this.batchSize && failures === 0) continue;
      const wait = failures > 0 ? backoffDelayMs(failures - 1, PASS_BACKOFF) : this.idleMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  // Runs after most passes; the DELETE is throttled so that a busy relay (woken on every enqueue) does
  // not add a query per publish. The backlog gauge counts when scraped (messaging.metrics.ts).
  private async housekeeping(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = now;
    await this.options.dataSource.query(
      `DELETE FROM messaging_outbox WHERE published_at < now() - make_interval(secs => $1)`,
      [this.retentionMs / 1000],
    );
  }
}

function groupByTopic(rows: OutboxRow[]) {
  const byTopic = new Map<
    string,
    Array<{ key: Buffer | null; value: Buffer; headers: Record<string, string> }>
  >();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.record_key, value: row.value, headers: row.headers });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
