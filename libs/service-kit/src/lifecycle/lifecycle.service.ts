import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { toConsumedRecord } from '@dpi/messaging';

import { SERVICE_CONTEXT, type ServiceContext } from '../bootstrap/service-context';
import { DEFAULT_PARTITIONER } from '../kafka/kafka-client.factory';
import { KAFKA_CLIENT } from '../kafka/kafka.tokens';
import { MessagingRuntime } from '../messaging/messaging-runtime';
import { PeerRegistry } from './peer-registry';
import { SERVICE_STARTED_TYPE, type ServiceStarted } from './service-started.event';

const RETRY_DELAY_MS = 5_000;
const ATTEMPT_UNWIND_MS = 2_000;
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
  private inFlight: Promise<void> | undefined;
  private readonly topic: string;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    private readonly peers: PeerRegistry,
    private readonly messaging: MessagingRuntime,
  ) {
    this.logger = context.logger.child({ component: 'lifecycle' });
    this.topic = context.config.LIFECYCLE_TOPIC;
  }

  /** Starts following the topic and announces this instance; retries in the background until it works. */
  start(): void {
    this.inFlight = this.attempt();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    // Disconnecting ends a start attempt sitting in kafkajs's retries; then it gets a moment to unwind, so
    // none of its code runs after the app (or a test) has torn down, but never long enough to hang shutdown.
    await this.disconnect();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.inFlight,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ATTEMPT_UNWIND_MS))),
    ]);
    clearTimeout(timer);
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
      // A broadcast every instance reads: a rejected announcement is logged and counted, not dead-lettered
      // (each instance would dead-letter the same record again).
      eachMessage: async ({ message, partition }) => {
        const record = toConsumedRecord(this.topic, partition, message);
        const verdict = await this.messaging.verifier.verify(record);
        if (!verdict.ok || verdict.event.type !== SERVICE_STARTED_TYPE) {
          const reason = verdict.ok ? 'UNEXPECTED_TYPE' : verdict.reason;
          this.messaging.metrics.rejected.inc({ topic: this.topic, reason });
          this.logger.warn(
            {
              topic: this.topic,
              partition,
              offset: message.offset,
              reason,
              detail: verdict.ok ? verdict.event.type : verdict.detail,
            },
            'ignored a lifecycle message that did not verify',
          );
          return;
        }
        this.peers.record(verdict.event.data as ServiceStarted, new Date(Number(message.timestamp)));
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
    const started: ServiceStarted = {
      service: name,
      version,
      instanceId,
      startedAt: startedAt.toISOString(),
    };
    await producer.send({
      topic: this.topic,
      messages: [
        this.messaging.signer.sign({
          topic: this.topic,
          key: name,
          type: SERVICE_STARTED_TYPE,
          data: started,
        }),
      ],
    });
    this.messaging.metrics.published.inc({ topic: this.topic, type: SERVICE_STARTED_TYPE });
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
