import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { DidResolutionService, getDidDpiResolver } from '@dpi/did';
import {
  countOutboxBacklog,
  DidCacheInvalidator,
  EnvelopeSigner,
  EnvelopeVerifier,
  loadAsyncApiDirectory,
  messagingMetrics,
  OutboxRelay,
  OutboxWriter,
  type ConsumerStatusSource,
  type MessagingMetrics,
} from '@dpi/messaging';

import type { BaseConfig } from '../config/base-config.schema';
import { loadPublishPolicy } from './publish-policy.loader';
import { loadServiceIdentity, type ServiceIdentity } from './service-identity';

/** One consumer's state, as /health/ready reports it. */
export interface ConsumerHealth {
  name: string;
  /** In its consumer group now; false while it connects, rejoins after a crash, or is stopped. */
  running: boolean;
  error?: string;
  /** Messages behind the partition end, by `topic/partition`, as of the last batch. */
  lag: Record<string, number>;
}

/** What /health/ready reports about messaging. */
export interface MessagingHealth {
  did: string;
  outboxRelay: 'running' | 'connecting' | 'stopped';
  consumers: ConsumerHealth[];
}

export interface MessagingRuntimeOptions {
  config: BaseConfig;
  contractsDir: string;
  kafka: Kafka;
  logger: Logger;
  registry: Registry;
}

const ATTEMPT_WAIT_AT_STOP_MS = 3_000;
const RETRY_DELAY_MS = 5_000;

/** The name /health/ready gives the DID cache invalidator. */
export const DID_CACHE_CONSUMER = 'did-cache';

/**
 * A service's signed-messaging plumbing, built once at start-up: its identity and signer, a verifier wired
 * to the contracts' schemas, the publish policy and DID resolution (did:key, did:web, did:dpi through the
 * registry), the outbox writer and relay, and the DID cache invalidator. Kafka being late never stops the
 * service: the relay and the invalidator connect in the background and readiness says how far they got.
 */
export class MessagingRuntime {
  readonly metrics: MessagingMetrics;
  readonly outbox: OutboxWriter;
  private relay: OutboxRelay | undefined;
  private relayProducer: Producer | undefined;
  private invalidator: DidCacheInvalidator | undefined;
  private invalidatorStarted = false;
  private attempting: Promise<void> | undefined;
  private readonly consumers = new Map<string, ConsumerStatusSource>();
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly options: MessagingRuntimeOptions,
    readonly identity: ServiceIdentity,
    readonly signer: EnvelopeSigner,
    readonly verifier: EnvelopeVerifier,
    readonly resolution: DidResolutionService,
  ) {
    this.metrics = messagingMetrics(options.registry);
    this.outbox = new OutboxWriter(signer, () => this.relay?.wake());
  }

  /** Loads the key, the policy and the contracts' schemas; throws naming the variable that is wrong. */
  static async create(options: MessagingRuntimeOptions): Promise<MessagingRuntime> {
    const { config, logger } = options;
    const identity = await loadServiceIdentity(config.SERVICE_KEY_FILE, config.SERVICE_KEY_GENERATE);
    const signer = new EnvelopeSigner({
      privateKey: identity.privateKey,
      kid: identity.kid,
      source: identity.did,
    });
    const resolution = new DidResolutionService({
      drivers: config.IDENTITY_REGISTRY_URL ? getDidDpiResolver(config.IDENTITY_REGISTRY_URL) : {},
    });
    const policy = await loadPublishPolicy(config.PUBLISH_POLICY_FILE);
    const schemas = await loadAsyncApiDirectory(join(options.contractsDir, 'asyncapi'));
    const verifier = new EnvelopeVerifier({ resolution, policy, schemas });
    logger.info(
      { did: identity.did, key: identity.origin, policy: config.PUBLISH_POLICY_FILE ?? null },
      identity.origin === 'ephemeral'
        ? 'signing with a fresh key (set SERVICE_KEY_FILE to keep one)'
        : 'signing key loaded',
    );
    if (!config.PUBLISH_POLICY_FILE)
      logger.warn('no PUBLISH_POLICY_FILE: every consumed event will be rejected as POLICY_DENIED');
    return new MessagingRuntime(options, identity, signer, verifier, resolution);
  }

  /** Starts the outbox relay and the DID cache invalidator in the background (retrying until Kafka answers). */
  start(dataSource: DataSource): void {
    // The backlog is a database count: true from now on, whether or not Kafka answers.
    this.metrics.countOutboxBacklogWith(() => countOutboxBacklog(dataSource));
    // Listed before it connects, so readiness says not_ready until it has joined its group.
    this.invalidator = new DidCacheInvalidator({
      kafka: this.options.kafka,
      verifier: this.verifier,
      resolution: this.resolution,
      logger: this.options.logger.child({ component: 'did-cache' }),
      metrics: this.metrics,
    });
    this.registerConsumer(DID_CACHE_CONSUMER, this.invalidator);
    this.attempting = this.attempt(dataSource);
  }

  /** Lets /health/ready report a consumer started elsewhere (the Nest transport, the lifecycle follower). */
  registerConsumer(name: string, consumer: ConsumerStatusSource): void {
    this.consumers.set(name, consumer);
  }

  health(): MessagingHealth {
    return {
      did: this.identity.did,
      outboxRelay: this.stopped ? 'stopped' : this.relay ? 'running' : 'connecting',
      consumers: [...this.consumers].map(([name, consumer]) => ({ name, ...consumer.status() })),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    // A connection attempt under way finishes (it checks `stopped`) before what it started is stopped,
    // so nothing it starts outlives the service; bounded, as a broker that does not answer keeps one
    // waiting for kafkajs' retries (that attempt then disconnects by itself).
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([
      this.attempting,
      new Promise<void>((resolve) => {
        bound = setTimeout(resolve, ATTEMPT_WAIT_AT_STOP_MS);
      }),
    ]);
    clearTimeout(bound);
    await this.relay?.stop();
    await Promise.all([this.relayProducer?.disconnect().catch(() => undefined), this.invalidator?.stop()]);
    this.relay = undefined;
  }

  private async attempt(dataSource: DataSource): Promise<void> {
    const { kafka, logger } = this.options;
    try {
      if (!this.relay) {
        const producer = kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
        });
        this.relayProducer = producer;
        await producer.connect();
        if (this.stopped) return void (await producer.disconnect());
        // The writer wakes the relay on every enqueue; the poll only catches other instances' rows.
        this.relay = new OutboxRelay({
          dataSource,
          producer,
          logger: logger.child({ component: 'outbox' }),
          metrics: this.metrics,
          idleMs: 1_000,
        });
        this.relay.start();
      }
      if (this.invalidator && !this.invalidatorStarted && !this.stopped) {
        await this.invalidator.start();
        this.invalidatorStarted = true;
        if (this.stopped) await this.invalidator.stop();
      }
    } catch (error) {
      if (this.stopped) return;
      logger.warn({ err: error }, `messaging start failed; retrying in ${RETRY_DELAY_MS} ms`);
      this.retryTimer = setTimeout(() => {
        this.attempting = this.attempt(dataSource);
      }, RETRY_DELAY_MS);
    }
  }
}
