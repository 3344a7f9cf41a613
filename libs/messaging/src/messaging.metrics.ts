import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The messaging backbone's Prometheus metrics, registered once per registry. */
export interface MessagingMetrics {
  published: Counter<'topic' | 'type'>;
  consumed: Counter<'topic' | 'type'>;
  rejected: Counter<'topic' | 'reason'>;
  deadLettered: Counter<'topic' | 'reason'>;
  duplicates: Counter<'topic'>;
  handlerSeconds: Histogram<'topic' | 'type'>;
  outboxBacklog: Gauge;
  consumerLag: Gauge<'topic' | 'partition' | 'group'>;
  /** Makes `messaging_outbox_backlog` count through `count` whenever it is read (a scrape). */
  countOutboxBacklogWith(count: () => Promise<number>): void;
}

const cache = new WeakMap<Registry, MessagingMetrics>();

/** The messaging metrics of `registry` (created on first use, so several components can share them). */
export function messagingMetrics(registry: Registry): MessagingMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const registers = [registry];
  let countBacklog: (() => Promise<number>) | undefined;
  const metrics: MessagingMetrics = {
    published: new Counter({
      name: 'messaging_published_total',
      help: 'Signed events published to Kafka',
      labelNames: ['topic', 'type'],
      registers,
    }),
    consumed: new Counter({
      name: 'messaging_consumed_total',
      help: 'Events verified and handled (effect committed)',
      labelNames: ['topic', 'type'],
      registers,
    }),
    rejected: new Counter({
      name: 'messaging_rejected_total',
      help: 'Events rejected, by reason code',
      labelNames: ['topic', 'reason'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'messaging_dead_lettered_total',
      help: 'Records sent to <topic>.dlt',
      labelNames: ['topic', 'reason'],
      registers,
    }),
    duplicates: new Counter({
      name: 'messaging_duplicates_total',
      help: 'Redelivered events skipped by the inbox',
      labelNames: ['topic'],
      registers,
    }),
    handlerSeconds: new Histogram({
      name: 'messaging_handler_duration_seconds',
      help: 'Time from verified event to committed effect',
      labelNames: ['topic', 'type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    // Counted in the database when scraped, not by the relay: while Kafka is down the relay's passes
    // fail, and a value it kept would read 0 (or an old count) for exactly the rows that are waiting.
    outboxBacklog: new Gauge({
      name: 'messaging_outbox_backlog',
      help: 'Outbox rows not yet published (counted in the database when scraped)',
      registers,
      async collect() {
        if (!countBacklog) return;
        try {
          this.set(await countBacklog());
        } catch {
          // The database is down: keep the last count (readiness reports the database).
        }
      },
    }),
    consumerLag: new Gauge({
      name: 'messaging_consumer_lag',
      help: 'Messages behind the partition end, per consumer group',
      labelNames: ['topic', 'partition', 'group'],
      registers,
    }),
    countOutboxBacklogWith: (count) => {
      countBacklog = count;
    },
  };
  cache.set(registry, metrics);
  return metrics;
}
