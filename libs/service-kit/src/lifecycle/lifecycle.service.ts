import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';

import { SERVICE_CONTEXT, type ServiceContext } from '../bootstrap/service-context';
import { DEFAULT_PARTITIONER } from '../kafka/kafka-client.factory';
import { KAFKA_CLIENT } from '../kafka/kafka.tokens';
import { PeerRegistry } from './peer-registry';
import { buildServiceStartedMessage } from './service-started.event';
import { loadServiceStartedValidator, parseServiceStarted } from './service-started.parser';

const RETRY_DELAY_MS = 5_000;
// Few kafkajs retries: this service retries the whole start itself, and a kafkajs retry chain in
// flight can be neither cancelled at shutdown nor outlived by the process.
const KAFKA_RETRY = { retries: 2, maxRetryTime: 1_000 };

/**
 * Announces this instance on `sandbox.lifecycle` and follows the topic to know its peers. Runs in the
 * background: Kafka being late must not stop the HTTP API from starting (readiness reports it instead).
 */
@Injectable()
export class LifecycleService implements OnApplicationShutdown {
  private readonly logger: Logger;
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly topic: string;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    private readonly peers: PeerRegistry,
  ) {
    this.logger = context.logger.child({ component: 'lifecycle' });
    this.topic = context.config.LIFECYCLE_TOPIC;
  }

  /** Starts following the topic and announces this instance; retries in the background until it works. */
  start(): void {
    void this.attempt();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    // Not awaiting a start attempt that may sit in kafkajs's retries: disconnecting ends it.
    await this.disconnect();
  }

  private async attempt(): Promise<void> {
    try {
      await this.follow();
      await this.announce();
      if (this.stopped) await this.disconnect();
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({ err: error }, `lifecycle start failed; retrying in ${RETRY_DELAY_MS} ms`);
      await this.disconnect();
      this.retryTimer = setTimeout(() => this.start(), RETRY_DELAY_MS);
    }
  }

  private async follow(): Promise<void> {
    const validate = loadServiceStartedValidator(this.context.contractsDir);
    // The topic is a broadcast: every instance must read all of it, so each instance has its own group
    // (a shared `<service>-lifecycle` group would hand the one partition to a single instance), and
    // with no committed offsets each start re-reads the topic from the beginning to rebuild the list.
    const consumer = this.kafka.consumer({
      groupId: `${this.context.name}-lifecycle-${this.context.instanceId}`,
      retry: KAFKA_RETRY,
      // disconnect() waits for the fetch in flight; a short long-poll keeps shutdown quick.
      maxWaitTimeInMs: 500,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        const parsed = parseServiceStarted(message, validate);
        if (!parsed.ok) {
          this.logger.warn(
            { topic: this.topic, partition, offset: message.offset, reason: parsed.reason },
            'skipped a malformed lifecycle message',
          );
          return;
        }
        this.peers.record(parsed.started, new Date(Number(message.timestamp)));
      },
    });
  }

  private async announce(): Promise<void> {
    const producer = this.kafka.producer({
      createPartitioner: DEFAULT_PARTITIONER,
      allowAutoTopicCreation: false,
      retry: KAFKA_RETRY,
    });
    this.producer = producer;
    await producer.connect();
    const { name, version, instanceId, startedAt } = this.context;
    await producer.send({
      topic: this.topic,
      messages: [
        buildServiceStartedMessage({
          service: name,
          version,
          instanceId,
          startedAt: startedAt.toISOString(),
        }),
      ],
    });
    this.logger.info({ topic: this.topic }, 'announced service start');
  }

  private async disconnect(): Promise<void> {
    const { consumer, producer } = this;
    this.consumer = undefined;
    this.producer = undefined;
    // consumer.disconnect() waits for the message being processed, so none is cut in half.
    await Promise.all([
      consumer?.disconnect().catch(() => undefined),
      producer?.disconnect().catch(() => undefined),
    ]);
  }
}
